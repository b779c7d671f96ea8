/**
 * Engine figures (printed, not asserted): per-stage ms per call, text -> final image at batch 1 and 8,
 * the engine's overhead against a hand-written loop doing the same model calls, the re-run after a
 * decoder seed change, and peak RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '../core/workflow/schema.ts';
import { STAGE_NAMES } from '../models/contract.ts';
import { float32 } from '../nodes/tensor.ts';
import { Engine, previewImage } from '../server/engine/index.ts';
import { DEFAULT_BUNDLE, ModelRegistry } from '../server/runtime/index.ts';
import { PROMPT, textToImage } from './chain.ts';
import { handLoop } from './engine-hand-loop.ts';
import { median, stageFeeds, time } from './measure.ts';

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'unclip-bench-'));
  const registry = new ModelRegistry();
  try {
    const model = await registry.load(DEFAULT_BUNDLE);
    const engine = new Engine({
      models: registry,
      inputsDir: join(dir, 'inputs'),
      outputsDir: join(dir, 'outputs'),
    });
    const m = model.manifest;

    console.log('per-stage ms per call (median of 20; prior/decoder at 2 rows = one guided item):');
    for (const stage of STAGE_NAMES) {
      const rows = stage === 'prior' || stage === 'decoder' ? 2 : 1;
      const feeds = stageFeeds(model, stage, rows);
      await model.run(stage, feeds);
      const times: number[] = [];
      for (let i = 0; i < 20; i++) times.push(await time(() => model.run(stage, feeds)));
      console.log(`  ${stage.padEnd(11)} ${median(times).toFixed(2)} ms`);
    }

    const validated = async (raw: Workflow) => (await engine.validate(raw)).workflow!;
    const steps = `prior ${m.stages.prior.defaults.steps}, decoder ${m.stages.decoder.defaults.steps}, upsamplers ${m.stages.upsampler1.defaults.steps}/${m.stages.upsampler2.defaults.steps} steps`;
    console.log(`text -> ${m.stages.upsampler2.image_size} px image (${steps}; cold cache, median of 3):`);
    for (const count of [1, 8]) {
      const workflow = await validated(textToImage(count));
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        engine.cache.clear();
        times.push(await time(() => engine.run(`b${count}-${i}`, workflow)));
      }
      console.log(
        `  batch ${count}: ${median(times).toFixed(0)} ms (${(median(times) / count).toFixed(0)} ms per image)`,
      );
    }

    const RUNS = 7;
    console.log(
      `engine vs hand-written loop (batch 1, same calls, PNG written by both; ${RUNS} alternating runs):`,
    );
    const settings = {
      prompt: PROMPT,
      count: 1,
      prior: { steps: m.stages.prior.defaults.steps, guidance: 4 },
      decoder: { steps: m.stages.decoder.defaults.steps, guidance: 3 },
      upsampler: { steps: m.stages.upsampler1.defaults.steps },
    };
    const workflow = await validated(textToImage(1));
    const engineTimes: number[] = [];
    const handTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      engine.cache.clear();
      engineTimes.push(await time(() => engine.run(`o${i}`, workflow)));
      handTimes.push(await time(() => handLoop(model, settings, dir)));
    }
    const overhead = (e: number, h: number) => `${(((e - h) / h) * 100).toFixed(1)}%`;
    const [eMin, hMin, eMed, hMed] = [
      Math.min(...engineTimes),
      Math.min(...handTimes),
      median(engineTimes),
      median(handTimes),
    ];
    console.log(
      `  min: engine ${eMin.toFixed(0)} ms, hand loop ${hMin.toFixed(0)} ms, overhead ${overhead(eMin, hMin)}`,
    );
    console.log(
      `  median: engine ${eMed.toFixed(0)} ms, hand loop ${hMed.toFixed(0)} ms, overhead ${overhead(eMed, hMed)}`,
    );

    const reruns: number[] = [];
    const colds: number[] = [];
    for (let seed = 2; seed < 5; seed++) {
      const reseeded = await validated(textToImage(1, seed));
      engine.cache.clear();
      colds.push(await time(() => engine.run(`cold${seed}`, workflow)));
      reruns.push(await time(() => engine.run(`reseed${seed}`, reseeded)));
    }
    const unchanged = await time(() => engine.run('unchanged', workflow));
    console.log(
      `re-run after a decoder seed change: ${Math.min(...reruns).toFixed(0)} ms (whole chain cold: ${Math.min(...colds).toFixed(0)} ms; min of 3); unchanged re-run: ${unchanged.toFixed(0)} ms`,
    );
    const upSize = m.stages.upsampler2.image_size;
    const x0 = float32(
      [1, 3, upSize, upSize],
      Float32Array.from({ length: 3 * upSize * upSize }, (_, i) => Math.sin(i)),
    );
    const previewTimes: number[] = [];
    for (let i = 0; i < 50; i++) previewTimes.push(await time(async () => previewImage(x0)));
    const perPreview = median(previewTimes);
    // At most one preview per 250 ms per node, plus the last step: 4 per second of sampling at the most.
    console.log(
      `live preview of a ${upSize} px x0: ${perPreview.toFixed(2)} ms each; at 4 per second at most ${((perPreview * 4) / 10).toFixed(2)}% of sampling time`,
    );
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await registry.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
