/**
 * ExecContext: what a node's execute may touch. Models come from the registry, random numbers from the
 * counter-based rng, input images only from the inputs folder, and output PNGs (workflow embedded) are
 * written atomically under unique names.
 */
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EngineEvent } from '../../core/events.ts';
import type { DisplayImage } from '../../core/node-spec.ts';
import type { Workflow } from '../../core/workflow/schema.ts';
import type { ExecContext, Rng } from '../../nodes/define.ts';
import { rgbaToTensor, tensorItemToRgba } from '../../nodes/math/pixels.ts';
import type { Float32Tensor } from '../../nodes/tensor.ts';
import type { ImageValue, ModelHandle } from '../../nodes/values.ts';
import { asciiJson, encodePng, intakeImage } from '../images/index.ts';
import { resolveConfined } from '../security/confined-path.ts';
import { ensureDir } from '../store/ensure-dir.ts';
import { PreviewThrottle } from './preview.ts';
import { createRng } from './rng.ts';

/** Temporary images (image.preview) live here, under the outputs folder. */
export const TEMP_DIR = '.temp';
export const INPUT_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Per-run facts every node's context shares. */
export interface RunState {
  runId: string;
  workflow: Workflow;
  /** Non-temporary files written so far, relative to the outputs folder. */
  files: string[];
  /** Next free index per output name stem. */
  names: Map<string, number>;
  /** Called as each non-temporary file is written (the run record lists it at once: kill -9 loses nothing). */
  onFile?: (file: string) => void;
  /** Input files read so far, by name: the engine hashes them for cache keys, image.load decodes them. */
  inputFiles: Map<string, Promise<Uint8Array>>;
}

/**
 * An input file's bytes, read at most once per run (a confined name in the inputs folder, at most 64 MiB):
 * the cache key and the decoded image come from the same read, so they cannot disagree.
 */
export function readInputFile(inputsDir: string, run: RunState, file: string): Promise<Uint8Array> {
  let bytes = run.inputFiles.get(file);
  if (!bytes) {
    bytes = readConfinedInput(inputsDir, file);
    run.inputFiles.set(file, bytes);
  }
  return bytes;
}

async function readConfinedInput(inputsDir: string, file: string): Promise<Uint8Array> {
  const path = await resolveConfined(inputsDir, file, INPUT_EXTENSIONS);
  if (!path) throw new Error(`input image "${file}" is not a PNG or JPEG file in the inputs folder`);
  if ((await stat(path)).size > MAX_INPUT_BYTES)
    throw new Error(`input image "${file}" is larger than 64 MiB`);
  return readFile(path);
}

export interface ContextDeps {
  models: { load(name: string): Promise<ModelHandle> };
  inputsDir: string;
  outputsDir: string;
  /** Least time between two previews of one node (default 250 ms); the last step always shows. */
  previewIntervalMs?: number;
  /** Replaces the Philox generator (golden tests inject a reference implementation's noise). */
  rng?: (seed: number, stream: string) => Rng;
}

export class NodeContext implements ExecContext {
  private readonly previews: PreviewThrottle;

  constructor(
    readonly nodeId: string,
    readonly signal: AbortSignal,
    private readonly deps: ContextDeps,
    private readonly run: RunState,
    /** Emits an event of this run (the engine's node.start and node.done go through here too). */
    readonly emit: (event: EngineEvent) => void,
  ) {
    this.previews = new PreviewThrottle(deps.previewIntervalMs ?? 250);
  }

  get runId(): string {
    return this.run.runId;
  }

  model(bundle: string): Promise<ModelHandle> {
    return this.deps.models.load(bundle);
  }

  rng(seed: number, stream: string): Rng {
    return (this.deps.rng ?? createRng)(seed, stream);
  }

  /** Also the sampler's cancellation point between model calls. */
  progress(step: number, steps: number): void {
    this.signal.throwIfAborted();
    this.emit({ type: 'node.progress', runId: this.run.runId, node: this.nodeId, step, steps });
  }

  preview(step: number, steps: number, x0: Float32Tensor): void {
    this.signal.throwIfAborted();
    const image = this.previews.offer(step, steps, x0);
    if (image)
      this.emit({ type: 'node.preview', runId: this.run.runId, node: this.nodeId, step, steps, image });
  }

  async readInputImage(file: string): Promise<ImageValue> {
    const bytes = await readInputFile(this.deps.inputsDir, this.run, file);
    return { pixels: rgbaToTensor([await intakeImage(bytes)]), labels: [file] };
  }

  async writeImages(
    images: ImageValue,
    options: { prefix: string; temporary: boolean },
  ): Promise<DisplayImage[]> {
    const folder = options.temporary ? join(this.deps.outputsDir, TEMP_DIR) : this.deps.outputsDir;
    await ensureDir(folder);
    const [count = 0, , height = 0, width = 0] = images.pixels.dims;
    const workflow = asciiJson(this.run.workflow);
    const written: DisplayImage[] = [];
    for (let i = 0; i < count; i++) {
      this.signal.throwIfAborted();
      const label = images.labels?.[i];
      // No run id or time: the same workflow and seeds give byte-identical files (README, Execution).
      const meta = { app: 'unclip-studio', node: this.nodeId, index: i, label };
      const png = encodePng(tensorItemToRgba(images.pixels, i), {
        text: { workflow, 'unclip-studio': asciiJson(meta) },
      });
      const name = await this.place(folder, options.prefix, png);
      const file = options.temporary ? `${TEMP_DIR}/${name}` : name;
      if (!options.temporary) {
        this.run.files.push(file);
        this.run.onFile?.(file);
      }
      written.push({ file, width, height, ...(label !== undefined ? { label } : {}) });
    }
    return written;
  }

  /**
   * Claims `<prefix>_<run>_<index>.png` (the first index free, created exclusively), then renames a fully
   * written temporary file onto it: no name is reused and no reader sees a half-written PNG.
   */
  private async place(folder: string, prefix: string, png: Uint8Array): Promise<string> {
    const run = this.run.runId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
    const stem = `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)}_${run}`;
    const temp = resolve(folder, `.${stem}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(temp, png);
    try {
      for (let index = this.run.names.get(stem) ?? 0; ; index++) {
        const name = `${stem}_${String(index).padStart(4, '0')}.png`;
        const claimed = await open(resolve(folder, name), 'wx').catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return null;
          throw err;
        });
        if (!claimed) continue;
        await claimed.close();
        await rename(temp, resolve(folder, name));
        this.run.names.set(stem, index + 1);
        return name;
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }
}
