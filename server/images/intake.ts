/**
 * The one image intake: every uploaded or read image (POST /api/inputs, image.load) is decoded here, in a
 * worker thread, so no image can stall the server's event loop. The decoders refuse frames over
 * MAX_IMAGE_PIXELS before allocating them, and the real decoded size, pixel count and aspect ratio are checked
 * (checkImageSize) before anything resizes it. One job at a time, each with a time limit; a worker that dies
 * (out of memory) or overruns is replaced and the job refused.
 */
import { Worker } from 'node:worker_threads';
import { imageFormat } from './decode.ts';
import type { DecodeReply } from './decode-worker.ts';
import { ImageFormatError, type RgbaImage } from './raster.ts';

/** A decode taking longer than this is abandoned (the worker is replaced). */
export const DECODE_TIMEOUT_MS = 20_000;
/** An idle worker is stopped after this long, giving its memory back (the next image starts a new one). */
export const DECODER_IDLE_MS = 5_000;

interface Job {
  bytes: Uint8Array;
  resolve(image: RgbaImage): void;
  reject(err: Error): void;
}

class DecodePool {
  private worker: Worker | undefined;
  private readonly waiting: Job[] = [];
  private current: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  decode(bytes: Uint8Array): Promise<RgbaImage> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./decode-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (reply: DecodeReply) => this.finish(reply));
    worker.on('error', (err) => this.fail(worker, `the image could not be decoded (${err.message})`));
    worker.on('exit', () => this.fail(worker, 'the image could not be decoded (the decoder stopped)'));
    return worker;
  }

  private pump(): void {
    if (this.current) return;
    const job = this.waiting.shift();
    if (!job) {
      this.worker?.unref(); // an idle worker does not keep the process alive
      if (this.worker) this.idle = setTimeout(() => this.retire(), DECODER_IDLE_MS).unref();
      return;
    }
    clearTimeout(this.idle);
    this.worker ??= this.spawn();
    this.worker.ref();
    const id = this.nextId++;
    const worker = this.worker;
    const timer = setTimeout(() => {
      this.fail(worker, `decoding the image took longer than ${DECODE_TIMEOUT_MS / 1000} s`);
      void worker.terminate();
    }, DECODE_TIMEOUT_MS);
    this.current = { id, job, timer };
    // A copy goes to the worker: the caller may keep (and store) its bytes.
    worker.postMessage({ id, bytes: job.bytes });
  }

  private finish(reply: DecodeReply): void {
    const current = this.current;
    if (!current || current.id !== reply.id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if ('error' in reply)
      current.job.reject(reply.format ? new ImageFormatError(reply.error) : new Error(reply.error));
    else current.job.resolve({ width: reply.width, height: reply.height, rgba: reply.rgba });
    this.pump();
  }

  private retire(): void {
    const worker = this.worker;
    if (!worker || this.current) return;
    this.worker = undefined;
    worker.removeAllListeners('exit');
    void worker.terminate();
  }

  /** The worker failed or overran: refuse its job, drop it (the next job starts a fresh one). */
  private fail(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    worker.removeAllListeners('exit');
    const current = this.current;
    this.current = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(new ImageFormatError(message));
    }
    this.pump();
  }
}

const pool = new DecodePool();

/** Decodes a PNG or JPEG off the event loop, refusing anything the size, pixel or aspect limits forbid. */
export async function intakeImage(bytes: Uint8Array): Promise<RgbaImage> {
  if (!imageFormat(bytes))
    throw new ImageFormatError('unsupported image: only PNG and JPEG files are accepted');
  return pool.decode(bytes);
}
