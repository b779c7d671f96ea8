/** Engine test harness: one model registry per test file, engines on fresh temp folders, event capture. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EngineEvent } from '../../core/events.ts';
import type { ValidatedWorkflow } from '../../core/workflow/validate.ts';
import { Engine } from '../../server/engine/engine.ts';
import type { ModelRegistry } from '../../server/runtime/index.ts';
import { sharedRegistry } from './fixtures.ts';
import { tempFolders } from './temp.ts';

/** Call at the top of a test file: the registry is opened before its tests and disposed after. */
export function setUpEngines() {
  let registry: ModelRegistry;
  const tempFolder = tempFolders('engine');
  beforeAll(() => {
    registry = sharedRegistry();
  });
  afterAll(() => registry.dispose());

  async function newEngine(options: { cacheBytes?: number } = {}) {
    const root = await tempFolder();
    const inputsDir = join(root, 'inputs');
    const outputsDir = join(root, 'outputs');
    await mkdir(inputsDir);
    const engine = new Engine({ models: registry, inputsDir, outputsDir, ...options });
    return { engine, inputsDir, outputsDir };
  }
  return { newEngine };
}

export async function valid(engine: Engine, raw: unknown): Promise<ValidatedWorkflow> {
  const { workflow, issues } = await engine.validate(raw);
  if (!workflow) throw new Error(JSON.stringify(issues));
  return workflow;
}

/** Runs and records: every event, and the nodes started and cached in order. */
export async function run(
  engine: Engine,
  workflow: ValidatedWorkflow,
  runId = 'run-1',
  signal?: AbortSignal,
) {
  const events: EngineEvent[] = [];
  const result = await engine.run(runId, workflow, {
    onEvent: (e) => events.push(e),
    ...(signal ? { signal } : {}),
  });
  const of = (type: EngineEvent['type']) =>
    events.filter((e) => e.type === type).map((e) => ('node' in e ? e.node : ''));
  return { result, events, started: of('node.start'), cached: of('node.cached') };
}
