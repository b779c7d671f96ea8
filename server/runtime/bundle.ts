/** A loaded bundle: the ModelHandle the nodes use. Stage sessions are created lazily and cached. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/error-message.ts';
import {
  type BundleManifest,
  type PcaBasis,
  pcaSchema,
  STAGE_IO,
  type StageName,
} from '../../models/contract.ts';
import type { Float32Tensor, Tensor } from '../../nodes/tensor.ts';
import type { ModelHandle } from '../../nodes/values.ts';
import { BundleError } from './manifest.ts';
import { OnnxStage, type SessionOptions } from './onnx.ts';
import { type BundleTokenizer, createTokenizer } from './tokenizer.ts';

/** A reason the graph's inputs/outputs break the stage contract (models/contract.ts STAGE_IO), or null. */
export function contractMismatch(stage: StageName, graph: OnnxStage): string | null {
  const io = STAGE_IO[stage];
  const names = new Set(graph.inputs.map((i) => i.name));
  const required = io.inputs.filter((p) => !p.optional).map((p) => p.name);
  for (const name of required)
    if (!names.has(name))
      return `${graph.label}: the graph has no input "${name}" (${stage} needs ${required.join(', ')}; it has ${[...names].join(', ')})`;
  const allowed = new Set(io.inputs.map((p) => p.name));
  for (const name of names)
    if (!allowed.has(name))
      return `${graph.label}: unexpected input "${name}" (not in the ${stage} contract)`;
  for (const port of io.inputs) {
    const info = graph.inputs.find((i) => i.name === port.name);
    if (!info) continue;
    if (info.dtype !== port.dtype)
      return `${graph.label}: input "${port.name}" is ${info.dtype}, the contract says ${port.dtype}`;
    if (info.shape.length && info.shape.length !== port.dims.length)
      return `${graph.label}: input "${port.name}" has rank ${info.shape.length}, the contract says ${port.dims.length}`;
  }
  for (const port of io.outputs)
    if (!graph.outputNames.includes(port.name))
      return `${graph.label}: the graph has no output "${port.name}" (it has ${graph.outputNames.join(', ')})`;
  return null;
}

export class LoadedBundle implements ModelHandle {
  private stages = new Map<StageName, Promise<OnnxStage>>();
  private pcaBasis: Promise<PcaBasis> | null = null;

  private constructor(
    readonly dir: string,
    readonly manifest: BundleManifest,
    private readonly tokenizer: BundleTokenizer,
    private readonly options: SessionOptions,
  ) {}

  get name(): string {
    return this.manifest.name;
  }

  static async open(dir: string, manifest: BundleManifest, options: SessionOptions): Promise<LoadedBundle> {
    const file = manifest.tokenizer.file;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (err) {
      throw new BundleError(
        `bundle "${manifest.name}": tokenizer "${file}" is unreadable (${errorMessage(err)})`,
      );
    }
    return new LoadedBundle(dir, manifest, createTokenizer(json, manifest), options);
  }

  /** The stage's session, created on first use; a contract mismatch is reported naming the file and input. */
  stage(stage: StageName): Promise<OnnxStage> {
    let pending = this.stages.get(stage);
    if (!pending) {
      const file = this.manifest.stages[stage].file;
      pending = OnnxStage.load(join(this.dir, file), `${this.name}/${file}`, this.options).then(
        async (graph) => {
          const problem = contractMismatch(stage, graph);
          if (problem) {
            await graph.dispose();
            throw new BundleError(problem);
          }
          return graph;
        },
      );
      pending.catch(() => this.stages.delete(stage));
      this.stages.set(stage, pending);
    }
    return pending;
  }

  async run(
    stage: StageName,
    feeds: Record<string, Tensor>,
    signal?: AbortSignal,
  ): Promise<Record<string, Float32Tensor>> {
    const graph = await this.stage(stage);
    // Optional contract inputs (clip_text's attention_mask) are only fed when the graph takes them.
    const used: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      const optional = STAGE_IO[stage].inputs.some((p) => p.name === name && p.optional);
      if (!optional || graph.inputs.some((i) => i.name === name)) used[name] = t;
    }
    return graph.run(used, signal);
  }

  tokenize(texts: readonly string[]) {
    return this.tokenizer.encode(texts);
  }

  pca(): Promise<PcaBasis> {
    this.pcaBasis ??= readFile(join(this.dir, this.manifest.pca.file), 'utf8').then((text) => {
      const parsed = pcaSchema.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new BundleError(`bundle "${this.name}": ${this.manifest.pca.file} is not a valid PCA basis`);
      return parsed.data;
    });
    return this.pcaBasis;
  }

  async dispose(): Promise<void> {
    const all = [...this.stages.values()];
    this.stages.clear();
    await Promise.all(all.map((p) => p.then((g) => g.dispose()).catch(() => undefined)));
  }
}
