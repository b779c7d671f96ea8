/**
 * `npm run bench -- versus-torch`: this engine side by side with PyTorch eager on the same bundle. The torch
 * side (bench/torch_eager.py) reads the ONNX initializers into the recipe's own modules and runs the
 * recipe's own chain: prior 25 steps CFG 4, decoder 25 steps CFG 3, upsamplers 10 + 10 DDIM. Both use the
 * same number of threads (BENCH_THREADS, default the available cores; BENCH_ENGINE_THREADS="2,1" runs the
 * engine at each count). Runs alternate between the runners, so load from other work on the machine falls
 * on all alike. Skipped with a message when /usr/bin/python3 with torch and onnx is absent.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Engine } from '../server/engine/index.ts';
import { DEFAULT_BUNDLE, defaultThreads, ModelRegistry } from '../server/runtime/index.ts';
import { timeChain } from './chain.ts';
import { loadLine, median, stageFeeds } from './measure.ts';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_eager.py', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCHES = (process.env.BENCH_BATCHES ?? '1,8').split(',').map(Number);
const STAGES = ['prior', 'decoder', 'upsampler1', 'upsampler2'] as const;

interface Timing {
  ms: number;
  stageMs: Record<string, number>;
}

/** Why the torch side cannot run here, or null. */
export function torchMissing(python = PYTHON): string | null {
  const probe = spawnSync(python, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
  if (probe.error) return `${python} is not installed (${probe.error.message})`;
  if (probe.status !== 0)
    return `${python} cannot import torch and onnx (${probe.stderr.trim().split('\n').pop()}); apt-get install python3-torch python3-onnx`;
  return null;
}

/** The torch process: one JSON line per request, in order. */
function startTorch(threads: number) {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT, '--threads', String(threads)]);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`torch_eager.py ended: ${stderr.trim().slice(-400)}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return {
    next,
    async run(batch: number): Promise<Timing> {
      child.stdin.write(`${batch}\n`);
      const r = (await next()) as { ms: number; stage_ms: Record<string, number> };
      return { ms: r.ms, stageMs: r.stage_ms };
    },
    close: () => child.stdin.end(),
  };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = a.length === b.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const best = (ts: Timing[]) => ts.reduce((a, b) => (b.ms < a.ms ? b : a));

/** Engine thread counts to run (BENCH_ENGINE_THREADS="1,2"); the first is the one compared in the ratio lines. */
function engineThreads(torchThreads: number): number[] {
  const list = process.env.BENCH_ENGINE_THREADS?.split(',').map(Number) ?? [torchThreads];
  return list.filter((n) => Number.isInteger(n) && n > 0);
}

export async function run(): Promise<void> {
  const missing = torchMissing();
  if (missing) {
    console.log(`skipped: no PyTorch to compare with: ${missing}`);
    return;
  }
  const threads = Number(process.env.BENCH_THREADS ?? defaultThreads());
  const dir = await mkdtemp(join(tmpdir(), 'unclip-bench-torch-'));
  const registries = engineThreads(threads).map((n) => new ModelRegistry({ tuning: { threads: n } }));
  const torch = startTorch(threads);
  try {
    const first = (await torch.next()) as {
      parity: { dims: number[]; b64: string };
      torch: string;
      threads: number;
    };
    const model = await registries[0]!.load(DEFAULT_BUNDLE);
    const ort = (await model.run('decoder', stageFeeds(model, 'decoder', first.parity.dims[0]!)))
      .model_output!;
    const ref = new Float32Array(Uint8Array.from(Buffer.from(first.parity.b64, 'base64')).buffer);
    console.log(
      `parity, one decoder call (${first.parity.dims.join('x')}): max abs diff ORT vs torch ${maxAbsDiff(ort.data, ref).toExponential(1)}`,
    );
    const runners: { name: string; run: (batch: number, id: string) => Promise<Timing> }[] = [
      { name: `PyTorch eager, ${first.threads} threads`, run: (batch) => torch.run(batch) },
      ...registries.map((models) => {
        const engine = new Engine({ models, inputsDir: join(dir, 'in'), outputsDir: join(dir, 'out') });
        return {
          name: `this engine, ${models.tuning.threads} thread${models.tuning.threads > 1 ? 's' : ''}`,
          run: (batch: number, id: string) => timeChain(engine, batch, id),
        };
      }),
    ];
    console.log(`torch ${first.torch}; ${await loadLine()}`);
    const results = new Map<number, Timing[][]>();
    for (const batch of BATCHES) {
      for (const r of runners) await r.run(batch, `warm${batch}`);
      const times = runners.map((): Timing[] => []);
      for (let i = 0; i < ROUNDS; i++)
        for (const [k, r] of runners.entries()) times[k]!.push(await r.run(batch, `b${batch}-${i}`));
      results.set(batch, times);
    }
    console.log(`${await loadLine()} after; ${ROUNDS} alternating runs per batch size, min (median)`);
    console.log(`| runner | ${BATCHES.map((b) => `s per batch of ${b}`).join(' | ')} |`);
    console.log(`| --- | ${BATCHES.map(() => '---').join(' | ')} |`);
    for (const [k, r] of runners.entries()) {
      const cells = BATCHES.map((b) => {
        const ms = results.get(b)![k]!.map((t) => t.ms);
        return `${seconds(Math.min(...ms))} (${seconds(median(ms))})`;
      });
      console.log(`| ${r.name} | ${cells.join(' | ')} |`);
    }
    for (const b of BATCHES) {
      const [torchTimes, engineTimes] = [results.get(b)![0]!, results.get(b)![1]!];
      const ratio = (f: (xs: number[]) => number) =>
        (f(engineTimes.map((t) => t.ms)) / f(torchTimes.map((t) => t.ms))).toFixed(2);
      const [e, t] = [best(engineTimes), best(torchTimes)];
      const stages = STAGES.map(
        (s) => `${s} ${(e.stageMs[s] ?? 0).toFixed(0)}/${(t.stageMs[s] ?? 0).toFixed(0)}`,
      ).join(', ');
      console.log(
        `batch ${b}: ${runners[1]!.name} / torch = ${ratio((xs) => Math.min(...xs))}x (min), ${ratio(median)}x (median); ms engine (node, loop included) / torch (model calls) in the fastest runs: ${stages}`,
      );
    }
  } finally {
    torch.close();
    await Promise.all(registries.map((r) => r.dispose()));
    await rm(dir, { recursive: true, force: true });
  }
}
