/** Decode an uploaded or input image by its magic bytes (PNG or JPEG) to 8-bit RGBA. */
import { decodeJpeg, isJpeg } from './jpeg.ts';
import { decodePng, isPng } from './png.ts';
import { ImageFormatError, type RgbaImage } from './raster.ts';

export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  return isPng(bytes) ? 'png' : isJpeg(bytes) ? 'jpeg' : null;
}

export function decodeImage(bytes: Uint8Array): RgbaImage {
  const format = imageFormat(bytes);
  if (format === 'png') return decodePng(bytes);
  if (format === 'jpeg') return decodeJpeg(bytes);
  throw new ImageFormatError('unsupported image: only PNG and JPEG files are accepted');
}
