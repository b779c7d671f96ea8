/**
 * The ONE module that imports onnxruntime-node. It creates sessions on the chosen execution provider,
 * checks every feed against the session's own input metadata (name, dtype, rank, fixed dims) and says
 * exactly which input is wrong, converts between plain tensors and ORT tensors, and releases sessions.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { errorMessage } from '../../core/error-message.ts';
import type { Float32Tensor, Tensor } from '../../nodes/tensor.ts';
import { resolveTuning, type SessionTuning } from './session-options.ts';

export const EXECUTION_PROVIDERS = ['cpu', 'webgpu', 'cuda'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

/** A non-bundled provider (CUDA) is usable only when its shared library was installed beside the binding. */
function providerLibraryInstalled(provider: ExecutionProvider): boolean {
  const dist = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
  const binDir = join(dist, '..', 'bin', 'napi-v6', process.platform, process.arch);
  return existsSync(join(binDir, `libonnxruntime_providers_${provider}.so`));
}

/** Which execution providers this onnxruntime-node build can use here. */
export function availableProviders(): ExecutionProvider[] {
  const listed = ort.listSupportedBackends();
  return EXECUTION_PROVIDERS.filter((p) =>
    listed.some((b) => b.name === p && (b.bundled || providerLibraryInstalled(p))),
  );
}

export class ProviderUnavailableError extends Error {}

export function checkProvider(provider: ExecutionProvider): void {
  if (!availableProviders().includes(provider)) {
    const listed = availableProviders();
    throw new ProviderUnavailableError(
      `execution provider "${provider}" is not available in this onnxruntime-node build (available: ${listed.join(', ')}).` +
        (provider === 'cuda'
          ? ' Install the CUDA binaries: remove "onnxruntime-node-install=skip" from .npmrc and run `npm rebuild onnxruntime-node`.'
          : ''),
    );
  }
}

/** ORT's reason for a failure without its source path and assertion text ("...: was false. <reason>"). */
export function ortReason(message: string): string {
  const afterAssert = message.split(/ was false\.\s*/).pop() ?? message;
  const line = afterAssert.replace(/^\s*\/\S+:\d+\s+\S.*?\]\s*/, '').trim();
  return line.split('\n')[0]!.trim() || message.trim();
}

/**
 * Whether `provider` really starts here: listed and installed (checkProvider), then one session on the
 * given model. Resolves to null when it works, else the reason (a GPU provider can be bundled and still find
 * no adapter or driver).
 */
export async function probeProvider(provider: ExecutionProvider, modelPath: string): Promise<string | null> {
  try {
    checkProvider(provider);
    const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider] });
    await session.release();
    return null;
  } catch (err) {
    return ortReason(errorMessage(err));
  }
}

/** What a stage session is created with: the provider and any tuning not left to SESSION_DEFAULTS. */
export interface SessionOptions extends Partial<SessionTuning> {
  provider: ExecutionProvider;
}

/** ORT's session options for a provider and a full tuning. */
function ortSessionOptions(
  provider: ExecutionProvider,
  t: SessionTuning,
): ort.InferenceSession.SessionOptions {
  const spin = t.spinning ? '1' : '0';
  return {
    executionProviders: [provider],
    intraOpNumThreads: t.threads,
    interOpNumThreads: t.interOpThreads,
    executionMode: t.executionMode,
    graphOptimizationLevel: t.graphOptimization,
    enableCpuMemArena: t.memArena,
    enableMemPattern: t.memPattern,
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
}

export interface InputInfo {
  name: string;
  dtype: string;
  /** Fixed dims are numbers; symbolic dims are strings (or -1 when unnamed). */
  shape: readonly (number | string)[];
}

/** A loaded ONNX graph. `label` names it in every error (e.g. "shapes-tiny/decoder.onnx"). */
export class OnnxStage {
  private constructor(
    readonly label: string,
    /** The tuning the session was created with. */
    readonly tuning: SessionTuning,
    private session: ort.InferenceSession | null,
    readonly inputs: readonly InputInfo[],
    readonly outputNames: readonly string[],
  ) {}

  static async load(path: string, label: string, opts: SessionOptions): Promise<OnnxStage> {
    const { provider, ...asked } = opts;
    checkProvider(provider);
    const tuning = resolveTuning(asked);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, ortSessionOptions(provider, tuning));
    } catch (err) {
      throw new Error(
        `${label}: onnxruntime could not load the model on ${provider} (${ortReason(errorMessage(err))})`,
      );
    }
    const inputs = session.inputMetadata.map((m) =>
      m.isTensor
        ? { name: m.name, dtype: m.type, shape: m.shape }
        : { name: m.name, dtype: 'non-tensor', shape: [] },
    );
    return new OnnxStage(label, tuning, session, inputs, [...session.outputNames]);
  }

  /** A reason the feeds do not fit this graph, naming the input, or null. */
  checkFeeds(feeds: Record<string, Tensor>): string | null {
    for (const input of this.inputs) {
      const t = feeds[input.name];
      if (!t) return `${this.label}: missing input "${input.name}"`;
      if (t.dtype !== input.dtype)
        return `${this.label}: input "${input.name}" must be ${input.dtype}, got ${t.dtype}`;
      if (input.shape.length > 0 && t.dims.length !== input.shape.length)
        return `${this.label}: input "${input.name}" must have rank ${input.shape.length} [${input.shape.join(', ')}], got [${t.dims.join(', ')}]`;
      for (let i = 0; i < input.shape.length; i++) {
        const want = input.shape[i];
        if (typeof want === 'number' && want > 0 && t.dims[i] !== want)
          return `${this.label}: input "${input.name}" dim ${i} must be ${want}, got [${t.dims.join(', ')}]`;
      }
    }
    const known = new Set(this.inputs.map((i) => i.name));
    for (const name of Object.keys(feeds))
      if (!known.has(name))
        return `${this.label}: unknown input "${name}" (the graph's inputs: ${[...known].join(', ')})`;
    return null;
  }

  async run(feeds: Record<string, Tensor>, signal?: AbortSignal): Promise<Record<string, Float32Tensor>> {
    if (!this.session) throw new Error(`${this.label}: session was disposed`);
    signal?.throwIfAborted();
    const problem = this.checkFeeds(feeds);
    if (problem) throw new Error(problem);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds))
      ortFeeds[name] = new ort.Tensor(t.dtype, t.data, [...t.dims]);
    const results = await this.session.run(ortFeeds);
    signal?.throwIfAborted();
    const out: Record<string, Float32Tensor> = {};
    for (const name of this.outputNames) {
      const r = results[name] as ort.Tensor | undefined;
      if (!r) throw new Error(`${this.label}: output "${name}" missing from the results`);
      if (r.type !== 'float32')
        throw new Error(`${this.label}: output "${name}" is ${r.type}, expected float32`);
      out[name] = { dtype: 'float32', dims: [...r.dims], data: r.data as Float32Array };
    }
    return out;
  }

  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.release();
  }
}
