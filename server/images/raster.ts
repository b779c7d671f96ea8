/** The decoded-image type shared by the PNG and JPEG codecs, and the size limits every decode enforces. */

/** 8-bit RGBA pixels, row-major, 4 bytes per pixel (one definition, shared with nodes/math/pixels.ts). */
export type { RgbaImage } from '../../nodes/math/pixels.ts';

/** The largest side an uploaded or read image may have. */
export const MAX_IMAGE_SIDE = 4096;
/** The most pixels an image may have (the JPEG decoder's limit before it allocates; implied by MAX_IMAGE_SIDE). */
export const MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE;
/**
 * The longest side may be at most this many times the shortest: resizing the short side of a 4096x1 image to
 * the CLIP size would make an intermediate 262144 pixels wide.
 */
export const MAX_ASPECT_RATIO = 16;

export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

/** Throws a clear error when a size is empty, beyond MAX_IMAGE_SIDE (so MAX_IMAGE_PIXELS), or too elongated. */
export function checkImageSize(width: number, height: number, format: string): void {
  if (!(width >= 1 && height >= 1))
    throw new ImageFormatError(`${format} image has an empty size (${width}x${height})`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    throw new ImageFormatError(
      `${format} image is ${width}x${height}; the largest accepted is ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE}`,
    );
  if (Math.max(width, height) > MAX_ASPECT_RATIO * Math.min(width, height))
    throw new ImageFormatError(
      `${format} image is ${width}x${height}; the long side may be at most ${MAX_ASPECT_RATIO} times the short side`,
    );
}
