/** The bench chain: text -> final image as a workflow, and one timed cold run of it through an engine. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workflow } from '../core/workflow/schema.ts';
import type { Engine } from '../server/engine/index.ts';
import { decodePng } from '../server/images/index.ts';
import { DEFAULT_BUNDLE } from '../server/runtime/index.ts';

export const PROMPT = 'a large yellow filled circle in the center';
/** The chain's diffusion nodes, by the stage they run. */
export const CHAIN_STAGES = {
  prior: 'prior',
  decoder: 'decoder',
  up1: 'upsampler1',
  up2: 'upsampler2',
} as const;

export function textToImage(count: number, decoderSeed = 1): Workflow {
  const edge = (a: string, ap: string, b: string, bp = ap) => ({
    from: { node: a, port: ap },
    to: { node: b, port: bp },
  });
  return {
    format: 'unclip-studio/workflow',
    version: 1,
    name: 'bench',
    nodes: [
      { id: 'model', type: 'model.load', params: { bundle: DEFAULT_BUNDLE } },
      { id: 'text', type: 'text.encode', params: { prompt: PROMPT } },
      { id: 'prior', type: 'prior.sample', params: { count, seed: 1 } },
      { id: 'decoder', type: 'decoder.sample', params: { seed: decoderSeed } },
      { id: 'up1', type: 'upsampler.sample', params: { stage: 1 } },
      { id: 'up2', type: 'upsampler.sample', params: { stage: 2 } },
      { id: 'save', type: 'image.save', params: { prefix: 'bench' } },
    ],
    edges: [
      edge('model', 'model', 'text'),
      edge('model', 'model', 'prior'),
      edge('text', 'text', 'prior'),
      edge('model', 'model', 'decoder'),
      edge('prior', 'embedding', 'decoder'),
      edge('text', 'text', 'decoder'),
      edge('model', 'model', 'up1'),
      edge('decoder', 'image', 'up1'),
      edge('model', 'model', 'up2'),
      edge('up1', 'image', 'up2'),
      edge('up2', 'image', 'save'),
    ],
  };
}

export interface ChainTiming {
  ms: number;
  /** node.done ms of each diffusion stage (sampling loop included). */
  stageMs: Record<string, number>;
  files: string[];
}

/** One run of textToImage(batch) with an empty cache. */
export async function timeChain(engine: Engine, batch: number, runId: string): Promise<ChainTiming> {
  const workflow = (await engine.validate(textToImage(batch))).workflow!;
  engine.cache.clear();
  const stageMs: Record<string, number> = {};
  const t0 = performance.now();
  const result = await engine.run(runId, workflow, {
    onEvent: (e) => {
      if (e.type === 'node.done' && e.node in CHAIN_STAGES)
        stageMs[CHAIN_STAGES[e.node as keyof typeof CHAIN_STAGES]] = e.ms;
    },
  });
  if (result.status !== 'done') throw new Error(`bench chain ${result.status}: ${result.error?.message}`);
  return { ms: performance.now() - t0, stageMs, files: result.files };
}

/** The RGBA bytes of a chain's output files, in order. */
export async function chainPixels(outputsDir: string, files: string[]): Promise<Uint8Array[]> {
  return Promise.all(files.map(async (f) => decodePng(await readFile(join(outputsDir, f))).rgba));
}
