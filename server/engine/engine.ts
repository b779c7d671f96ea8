/**
 * The engine: validates workflows, plans them, keys every planned node and drops what only cache hits read
 * (prune.ts), runs each remaining node once (or takes it from the cache) and reports every step as an
 * EngineEvent. run() never throws: failures end in run.error naming the node.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/error-message.ts';
import type { EngineEvent } from '../../core/events.ts';
import type { NodeDisplay } from '../../core/node-spec.ts';
import { applyNodeModes } from '../../core/workflow/node-modes.ts';
import {
  type ValidatedWorkflow,
  type ValidationResult,
  validateWorkflow,
} from '../../core/workflow/validate.ts';
import { getNodeType } from '../../nodes/catalog.ts';
import type { ModelHandle } from '../../nodes/values.ts';
import { isSafeFileName } from '../security/confined-path.ts';
import { type CachedResult, OutputCache } from './cache.ts';
import {
  type ContextDeps,
  INPUT_EXTENSIONS,
  NodeContext,
  type RunState,
  readInputFile,
  TEMP_DIR,
} from './context.ts';
import { type PlanStep, planWorkflow, sourceNodes } from './plan.ts';
import { prunePlan, type RunStep } from './prune.ts';

/** What the engine needs of server/runtime's ModelRegistry. */
export interface ModelRegistryLike {
  list(): Promise<{ name: string }[]>;
  load(name: string): Promise<ModelHandle>;
}

export interface EngineOptions extends ContextDeps {
  models: ModelRegistryLike;
  /** Upper bound of the output cache (default 1 GiB). */
  cacheBytes?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  /** Each output file as soon as it is written (relative to the outputs folder). */
  onFile?: (file: string) => void;
}

export interface RunResult {
  status: 'done' | 'error' | 'cancelled';
  outputs: Record<string, NodeDisplay>;
  /** Images written to the outputs folder (relative names), temporary ones excluded. */
  files: string[];
  error?: { node?: string; nodeType?: string; message: string };
  ms: number;
}

export const DEFAULT_CACHE_BYTES = 1024 ** 3;

export class Engine {
  readonly cache: OutputCache;
  private readonly opts: EngineOptions;
  private tempCleared = false;

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.cache = new OutputCache(opts.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** Parse, migrate and check a workflow against the installed bundles and the inputs folder. */
  async validate(raw: unknown): Promise<ValidationResult> {
    const bundles = new Set((await this.opts.models.list()).map((b) => b.name));
    return validateWorkflow(raw, {
      lookup: getNodeType,
      bundleExists: (name) => bundles.has(name),
      inputExists: (name) =>
        isSafeFileName(name, INPUT_EXTENSIONS) && existsSync(join(this.opts.inputsDir, name)),
    });
  }

  /** Run a workflow validate() accepted. Resolves with the outcome; never rejects. */
  async run(runId: string, workflow: ValidatedWorkflow, options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const signal = options.signal ?? new AbortController().signal;
    const emit = (event: EngineEvent) => {
      try {
        options.onEvent?.(event);
      } catch {
        // A listener's failure must not break the run.
      }
    };
    const state: RunState = { runId, workflow, files: [], names: new Map(), inputFiles: new Map() };
    if (options.onFile) state.onFile = options.onFile;
    const outputs: Record<string, NodeDisplay> = {};
    const elapsed = () => Math.round(performance.now() - started);
    let current: PlanStep | undefined;
    try {
      let plan: RunStep[] = [];
      try {
        // Bypassed and muted nodes are taken out here, the one place modes reach the engine.
        const planned = planWorkflow(applyNodeModes(workflow, getNodeType).workflow, getNodeType);
        // Keyed before anything runs: what only cache hits read is not run at all.
        plan = await prunePlan(planned, this.cache, (step) => this.fileFacts(step, state));
      } finally {
        emit({ type: 'run.start', runId, nodes: plan.map((s) => s.id) });
      }
      await this.clearTemporaryOnce();
      const values = new Map<string, Produced>();
      for (const step of plan) {
        current = step;
        signal.throwIfAborted();
        const inputs = step.cached ? {} : takeInputs(step, values);
        // Besides plan-time hits: a twin earlier in this run (same key, other ids) may have filled the cache.
        let result = step.cached ?? (step.def.isOutput ? undefined : this.cache.get(step.key));
        if (result) emit({ type: 'node.cached', runId, node: step.id });
        else {
          result = await this.execute(step, inputs, new NodeContext(step.id, signal, this.opts, state, emit));
          if (!step.def.isOutput) this.cache.set(step.key, result);
        }
        if (result.display) outputs[step.id] = result.display;
        if (step.readers > 0) values.set(step.id, { outputs: result.outputs, readers: step.readers });
      }
      current = undefined;
      const ms = elapsed();
      emit({ type: 'run.done', runId, outputs, files: state.files, ms });
      return { status: 'done', outputs, files: state.files, ms };
    } catch (err) {
      const ms = elapsed();
      const node = current ? { node: current.id } : {};
      if (signal.aborted) {
        emit({ type: 'run.cancelled', runId, ...node });
        return { status: 'cancelled', outputs, files: state.files, ms };
      }
      const error = { ...node, ...(current ? { nodeType: current.type } : {}), message: errorMessage(err) };
      emit({ type: 'run.error', runId, ...error });
      return { status: 'error', outputs, files: state.files, error, ms };
    }
  }

  /** Execute one node between node.start and node.done. */
  private async execute(
    step: PlanStep,
    inputs: Record<string, unknown>,
    ctx: NodeContext,
  ): Promise<CachedResult> {
    const { runId } = ctx;
    ctx.emit({ type: 'node.start', runId, node: step.id, nodeType: step.type });
    const t0 = performance.now();
    // The workflow was validated: params are resolved and every required input is connected.
    const args = { params: step.params, inputs, ctx } as Parameters<typeof step.def.execute>[0];
    const result = (await step.def.execute(args)) as CachedResult;
    const ms = Math.round(performance.now() - t0);
    const display = result.display ? { display: result.display } : {};
    ctx.emit({ type: 'node.done', runId, node: step.id, ms, ...display });
    return result;
  }

  /**
   * A digest of each input file a node reads, so replacing an input re-runs its readers (and only then).
   * The bytes stay with the run: the node decodes the very bytes its key was made from (one read per file).
   */
  private async fileFacts(step: PlanStep, run: RunState): Promise<Record<string, unknown> | undefined> {
    let facts: Record<string, unknown> | undefined;
    for (const [name, spec] of Object.entries(step.def.params)) {
      if (spec.kind !== 'input_file') continue;
      const bytes = await readInputFile(this.opts.inputsDir, run, String(step.params[name])).catch(
        () => null,
      );
      facts = { ...facts, [name]: bytes ? createHash('sha256').update(bytes).digest('hex') : null };
    }
    return facts;
  }

  /** Previews of earlier sessions are not kept: the temporary folder is emptied before the first run. */
  private async clearTemporaryOnce(): Promise<void> {
    if (this.tempCleared) return;
    this.tempCleared = true;
    await rm(join(this.opts.outputsDir, TEMP_DIR), { recursive: true, force: true });
  }
}

/** A node's outputs kept for the steps that read them. */
interface Produced {
  outputs: Record<string, unknown>;
  /** Readers still to come; the outputs are dropped after the last (the cache may keep its own copy). */
  readers: number;
}

/** The step's input values; a source's outputs are dropped after its last reader takes them. */
function takeInputs(step: PlanStep, values: Map<string, Produced>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [port, from] of Object.entries(step.inputs))
    inputs[port] = values.get(from.node)!.outputs[from.port];
  for (const from of sourceNodes(step.inputs)) {
    const source = values.get(from)!;
    if (--source.readers === 0) values.delete(from);
  }
  return inputs;
}
