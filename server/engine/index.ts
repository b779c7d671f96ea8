/** The workflow engine: plan, cache, execute, report events. */
export { estimateBytes, nodeKey, OutputCache } from './cache.ts';
export { INPUT_EXTENSIONS, TEMP_DIR } from './context.ts';
export {
  DEFAULT_CACHE_BYTES,
  Engine,
  type EngineOptions,
  type ModelRegistryLike,
  type RunOptions,
  type RunResult,
} from './engine.ts';
export { type PlanStep, planWorkflow } from './plan.ts';
export { PREVIEW_MAX_SIDE, previewImage } from './preview.ts';
export { createRng } from './rng.ts';
