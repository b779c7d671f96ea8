/**
 * `npm run bench -- ort-options`: ONNX Runtime session options measured on the batch-8 chain's model calls
 * (prior and decoder at 16 rows = 8 items with guidance, upsamplers at 8 rows). Every variant changes one
 * thing from the defaults (server/runtime/session-options.ts); variants run interleaved, round after round,
 * so load from other work on the machine falls on all of them alike. Printed: min / median ms per call, and
 * the chain's model time estimated from the per-call minimum times the default step counts.
 */
import type { DiffusionStageName } from '../models/contract.ts';
import type { ModelHandle } from '../nodes/values.ts';
import {
  DEFAULT_BUNDLE,
  defaultThreads,
  ModelRegistry,
  SESSION_DEFAULTS,
  type SessionTuning,
} from '../server/runtime/index.ts';
import { loadLine, median, minMedian, stageFeeds, time } from './measure.ts';

const BATCH = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const STAGES: { stage: DiffusionStageName; rows: number }[] = [
  { stage: 'prior', rows: 2 * BATCH },
  { stage: 'decoder', rows: 2 * BATCH },
  { stage: 'upsampler1', rows: BATCH },
  { stage: 'upsampler2', rows: BATCH },
];

function variants(): [string, Partial<SessionTuning>][] {
  const cores = defaultThreads();
  const d = SESSION_DEFAULTS;
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const list: [string, Partial<SessionTuning>][] = [
    [`defaults (threads ${cores})`, {}],
    ['threads 1', { threads: 1 }],
    [`spin-wait ${onOff(!d.spinning)}`, { spinning: !d.spinning }],
    [`memory arena ${onOff(!d.memArena)}`, { memArena: !d.memArena }],
    [`memory pattern ${onOff(!d.memPattern)}`, { memPattern: !d.memPattern }],
    ['graph optimisation extended', { graphOptimization: 'extended' }],
    ['graph optimisation basic', { graphOptimization: 'basic' }],
    ['parallel mode, 2 inter-op threads', { executionMode: 'parallel', interOpThreads: 2 }],
  ];
  if (cores > 2) list.push([`threads ${cores / 2}`, { threads: Math.floor(cores / 2) }]);
  return list;
}

export async function run(): Promise<void> {
  const chosen = variants();
  const registries = chosen.map(([, tuning]) => new ModelRegistry({ tuning }));
  try {
    const models: ModelHandle[] = [];
    for (const r of registries) models.push(await r.load(DEFAULT_BUNDLE));
    const m = models[0]!.manifest;
    const feeds = STAGES.map(({ stage, rows }) => stageFeeds(models[0]!, stage, rows));
    const times = chosen.map(() => STAGES.map((): number[] => []));
    for (const model of models)
      for (const [i, { stage }] of STAGES.entries()) await model.run(stage, feeds[i]!); // warm-up
    console.log(`${await loadLine()} before; ${ROUNDS} interleaved rounds`);
    for (let round = 0; round < ROUNDS; round++)
      for (const [v, model] of models.entries())
        for (const [i, { stage }] of STAGES.entries())
          times[v]![i]!.push(await time(() => model.run(stage, feeds[i]!)));
    console.log(`${await loadLine()} after`);
    const steps = STAGES.map(({ stage }) => m.stages[stage].defaults.steps);
    const header = STAGES.map(({ stage, rows }) => `${stage}@${rows}`.padStart(16)).join('');
    console.log(
      `${'variant'.padEnd(36)}${header}   chain model ms (min x steps)  [ms per call: min / median]`,
    );
    for (const [v, [name]] of chosen.entries()) {
      const cells = times[v]!.map((t) => minMedian(t, 1).padStart(16)).join('');
      const chain = times[v]!.reduce((sum, t, i) => sum + Math.min(...t) * steps[i]!, 0);
      const chainMedian = times[v]!.reduce((sum, t, i) => sum + median(t) * steps[i]!, 0);
      console.log(`${name.padEnd(36)}${cells}   ${chain.toFixed(0)} (median ${chainMedian.toFixed(0)})`);
    }
  } finally {
    await Promise.all(registries.map((r) => r.dispose()));
  }
}
