/** An ExecContext for node tests: the real shapes-tiny bundle, and rng streams answered from fixture tensors. */
import { getNodeType } from '../../../nodes/catalog.ts';
import type { AnyNodeDefinition, ExecContext, Rng } from '../../../nodes/define.ts';
import { type Float32Tensor, sliceBatch } from '../../../nodes/tensor.ts';
import type { ModelHandle } from '../../../nodes/values.ts';
import { ModelRegistry, SHIPPED_MODELS_DIR } from '../../../server/runtime/index.ts';

let registry: ModelRegistry | undefined;

export function loadBundle(): Promise<ModelHandle> {
  registry ??= new ModelRegistry({ dirs: [SHIPPED_MODELS_DIR] });
  return registry.load('shapes-tiny');
}

export async function disposeBundles(): Promise<void> {
  await registry?.dispose();
  registry = undefined;
}

/** Row `row` of `t` (or of step `step` of a [steps, B, ...] tensor) as plain values. */
export function rowOf(t: Float32Tensor, row: number, step?: number): Float32Array {
  const perStep = step === undefined ? t : sliceBatch(t, step, step + 1);
  const rows = step === undefined ? perStep : { ...perStep, dims: perStep.dims.slice(1) };
  return sliceBatch(rows as Float32Tensor, row, row + 1).data;
}

export interface Recording {
  ctx: ExecContext;
  progress: [number, number][];
  previews: number[];
  streams: string[];
}

/** A context on the given model whose rng is `rng`; streams, progress and previews are recorded. */
export function recordingContext(model: ModelHandle, rng: (seed: number, stream: string) => Rng): Recording {
  const rec: Recording = {
    progress: [],
    previews: [],
    streams: [],
    ctx: {
      nodeId: 'test',
      signal: new AbortController().signal,
      model: () => Promise.resolve(model),
      rng(seed, stream) {
        rec.streams.push(`${seed}:${stream}`);
        return rng(seed, stream);
      },
      progress: (step, steps) => void rec.progress.push([step, steps]),
      preview: (step) => void rec.previews.push(step),
      readInputImage: () => Promise.reject(new Error('no input images in this test')),
      writeImages: () => Promise.reject(new Error('no image writing in this test')),
    },
  };
  return rec;
}

/**
 * A recording context whose rng streams answer with fixture values: `draw(seed, stream)` returns what a
 * stream must produce (the length asked for is checked); an unexpected stream throws.
 */
export function fixtureContext(
  model: ModelHandle,
  draw: (seed: number, stream: string) => Float32Array | undefined,
): Recording {
  return recordingContext(model, (seed, stream) => ({
    normal(count) {
      const values = draw(seed, stream);
      if (!values) throw new Error(`unexpected rng stream ${seed}:${stream}`);
      if (values.length !== count)
        throw new Error(`${stream} asked for ${count} values, fixture has ${values.length}`);
      return values;
    },
    uniform() {
      throw new Error('no uniform draws expected');
    },
  }));
}

type ExecuteArgs = Parameters<AnyNodeDefinition['execute']>[0];

/** Executes node type `type` directly (params and inputs as plain objects). */
export function runNode(
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, unknown>,
  ctx: ExecContext,
) {
  const def = getNodeType(type);
  if (!def) throw new Error(`no node type ${type}`);
  return def.execute({
    params: params as ExecuteArgs['params'],
    inputs: inputs as ExecuteArgs['inputs'],
    ctx,
  });
}
