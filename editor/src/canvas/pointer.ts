/** The last pointer position over the canvas, in flow coordinates: where paste and the palette put nodes. */
import type { XYPosition } from '@xyflow/react';

let last: XYPosition | undefined;

export function setPointer(p: XYPosition): void {
  last = p;
}

export function lastPointer(): XYPosition | undefined {
  return last;
}
