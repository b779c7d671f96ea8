/**
 * Live previews of a sampler's x0 prediction: at most one per interval per node (the last step always),
 * the first item of the batch only, box-downsized to at most 128 px on its longer side.
 */
import type { PreviewImage } from '../../core/events.ts';
import { resizeArea } from '../../nodes/math/crop-resize.ts';
import { tensorItemToRgba } from '../../nodes/math/pixels.ts';
import { type Float32Tensor, sliceBatch } from '../../nodes/tensor.ts';

export const PREVIEW_MAX_SIDE = 128;

/** The first image of a [B,3,H,W] batch as RGBA, no side longer than `maxSide`. */
export function previewImage(x0: Float32Tensor, maxSide = PREVIEW_MAX_SIDE): PreviewImage {
  const [, , height = 0, width = 0] = x0.dims;
  const first = sliceBatch(x0, 0, 1);
  const scale = Math.min(1, maxSide / Math.max(height, width));
  const small =
    scale < 1
      ? resizeArea(first, Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale)))
      : first;
  return tensorItemToRgba(small, 0);
}

export class PreviewThrottle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The preview to send for this step, or null when one was sent less than the interval ago. */
  offer(step: number, steps: number, x0: Float32Tensor): PreviewImage | null {
    const t = this.now();
    if (step < steps && t - this.last < this.intervalMs) return null;
    this.last = t;
    return previewImage(x0);
  }
}
