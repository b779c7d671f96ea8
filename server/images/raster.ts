/** The decoded-image type shared by the PNG and JPEG codecs, and the size limits every decode enforces. */

/** 8-bit RGBA pixels, row-major, 4 bytes per pixel (one definition, shared with nodes/math/pixels.ts). */
export type { RgbaImage } from '../../nodes/math/pixels.ts';

/** The largest side an uploaded or read image may have. */
export const MAX_IMAGE_SIDE = 4096;

export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

/** Throws a clear error when a declared size is empty or beyond MAX_IMAGE_SIDE. */
export function checkImageSize(width: number, height: number, format: string): void {
  if (!(width >= 1 && height >= 1))
    throw new ImageFormatError(`${format} image has an empty size (${width}x${height})`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    throw new ImageFormatError(
      `${format} image is ${width}x${height}; the largest accepted is ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE}`,
    );
}
