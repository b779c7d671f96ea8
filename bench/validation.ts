/**
 * Validation bench: a 2000-node graph (model, image, 1997 chained upsamplers, save) with its edges in random
 * order, validated as the server does before queueing (parse, edges, cycle check, params, batch-row estimate),
 * plus the same chain with a cycle and with edges reversed. Target: under 50 ms per validation on the 2-core
 * machine (it took 114 s before issue 11's linear checks). Prints min / median / max over repeated runs.
 */
import { loadavg } from 'node:os';
import { validateWorkflow } from '../core/workflow/validate.ts';
import { getNodeType } from '../nodes/catalog.ts';
import { upsamplerChain } from '../test/helpers/big-graphs.ts';

const NODES = 2000;
const REPEATS = 20;
const WARMUP = 5;
const env = { lookup: getNodeType, bundleExists: () => true, inputExists: () => true };

function figures(name: string, make: (seed: number) => unknown, expectValid: boolean): void {
  const times: number[] = [];
  const cpu: number[] = [];
  // Built first, so that making them is not measured (nor its garbage collected during a validation).
  const workflows = Array.from({ length: REPEATS + WARMUP }, (_, i) => make(i + 1));
  for (const [i, wf] of workflows.entries()) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { issues } = validateWorkflow(wf, env);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuStarted);
    if ((issues.length === 0) !== expectValid)
      throw new Error(`${name}: unexpected ${JSON.stringify(issues[0])}`);
    if (i < WARMUP) continue; // the first runs warm up the JIT
    times.push(ms);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (list: number[], q: number) => list[Math.floor(q * (list.length - 1))]!.toFixed(1);
  console.log(
    `${name}: wall min ${at(times, 0)} ms, median ${at(times, 0.5)} ms, max ${at(times, 1)} ms; ` +
      `CPU median ${at(cpu, 0.5)} ms (target < 50 ms; load average ${loadavg()[0]!.toFixed(1)})`,
  );
}

export async function run(): Promise<void> {
  const chain = (order: 'random' | 'reverse') => (seed: number) => upsamplerChain(NODES - 3, order, seed);
  figures(`${NODES}-node chain, edges in random order`, chain('random'), true);
  figures(`${NODES}-node chain, edges in reverse order`, chain('reverse'), true);
  figures(
    `${NODES}-node chain with a cycle, random order`,
    (seed) => {
      const wf = upsamplerChain(NODES - 3, 'random', seed);
      wf.edges.find((e) => e.to.node === 'u0' && e.to.port === 'image')!.from.node = `u${NODES - 4}`;
      return wf;
    },
    false,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
