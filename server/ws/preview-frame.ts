/** An engine preview event as a binary WS frame: the shared header, then the RGBA image as PNG. */
import type { EngineEvent } from '../../core/events.ts';
import { encodePreviewFrame } from '../../core/protocol.ts';
import { encodePng } from '../images/index.ts';

type PreviewEvent = Extract<EngineEvent, { type: 'node.preview' }>;

export function previewFrame(event: PreviewEvent): Uint8Array {
  const { runId, node, step, steps, image } = event;
  const png = encodePng(image);
  return encodePreviewFrame(
    { type: 'node.preview', runId, node, step, steps, width: image.width, height: image.height },
    png,
  );
}
