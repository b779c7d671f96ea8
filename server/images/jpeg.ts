/** JPEG decoding through jpeg-js, bounded by pixel count, with the decoded frame's size checked. */
import jpeg from 'jpeg-js';
import { errorMessage } from '../../core/error-message.ts';
import { checkImageSize, ImageFormatError, MAX_IMAGE_PIXELS, type RgbaImage } from './raster.ts';

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

/**
 * Refuses early when the first SOF marker is too big, then decodes with jpeg-js, which refuses a frame over MAX_IMAGE_PIXELS before allocating it; the size check then
 * runs on the frame the decoder actually decoded (a pre-scan can be fooled by a fake SOF marker hidden in a
 * segment, so it is never the authority).
 */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const declared = jpegSize(bytes); // an early refusal only; the decoded frame is checked again below
  checkImageSize(declared.width, declared.height, 'JPEG');
  let out: { width: number; height: number; data: Uint8Array };
  try {
    out = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
      maxMemoryUsageInMB: 512,
    });
  } catch (err) {
    throw new ImageFormatError(`cannot decode JPEG: ${errorMessage(err)}`);
  }
  checkImageSize(out.width, out.height, 'JPEG');
  return { width: out.width, height: out.height, rgba: out.data };
}
