/** JPEG decoding through jpeg-js, with the frame size read from the SOF marker and checked first. */
import jpeg from 'jpeg-js';
import { errorMessage } from '../../core/error-message.ts';
import { checkImageSize, ImageFormatError, MAX_IMAGE_SIDE, type RgbaImage } from './raster.ts';

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Width and height from the first start-of-frame marker (SOF0..SOF15 except DHT, JPG and DAC). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageFormatError('JPEG marker expected');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof)
      return {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
      };
    at += 2 + length;
  }
  throw new ImageFormatError('JPEG has no frame header (SOF marker)');
}

export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const { width, height } = jpegSize(bytes);
  checkImageSize(width, height, 'JPEG');
  try {
    const out = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: (MAX_IMAGE_SIDE * MAX_IMAGE_SIDE) / 1e6 + 1,
      maxMemoryUsageInMB: 512,
    });
    return { width: out.width, height: out.height, rgba: out.data };
  } catch (err) {
    throw new ImageFormatError(`cannot decode JPEG: ${errorMessage(err)}`);
  }
}
