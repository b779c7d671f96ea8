/** Runs in the decode worker thread (server/images/intake.ts): decode one image per message, reply with pixels. */
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../../core/error-message.ts';
import { decodeImage } from './decode.ts';
import { ImageFormatError } from './raster.ts';

export interface DecodeRequest {
  id: number;
  bytes: Uint8Array;
}
export type DecodeReply =
  | { id: number; width: number; height: number; rgba: Uint8Array }
  | { id: number; error: string; format: boolean };

parentPort?.on('message', ({ id, bytes }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    const { width, height, rgba } = decodeImage(bytes);
    reply = { id, width, height, rgba };
  } catch (err) {
    reply = { id, error: errorMessage(err), format: err instanceof ImageFormatError };
  }
  parentPort!.postMessage(reply, 'rgba' in reply ? [reply.rgba.buffer as ArrayBuffer] : []);
});
