/** The public surface of nodes/: catalogue, workflow validation and the pure math the server reuses. */
export { describeCatalog, getNodeType, NODE_TYPES } from './catalog.ts';
export type { AnyNodeDefinition, ExecContext, NodeDefinition, NodeDisplay, NodeTypeInfo } from './define.ts';
export { clipPixelValues, resizeAndCenterCrop } from './math/crop-resize.ts';
export { type RgbaImage, rgbaToTensor, tensorItemToRgba, tensorToRgba } from './math/pixels.ts';
export { clampTensor, resizeBicubic } from './math/resize.ts';
export { noiseSchedule, timesteps } from './math/schedule.ts';
export type { Issue } from './protocol.ts';
export {
  MAX_BATCH_ROWS,
  MAX_CANDIDATES,
  MAX_COUNT,
  MAX_FRAMES,
  MAX_STEPS,
} from './types/shared/limits.ts';
export { type ConnectionGraph, validateConnection } from './workflow/connections.ts';
export { migrate } from './workflow/migrate.ts';
export { resolveParams } from './workflow/params.ts';
export type { Workflow, WorkflowEdge, WorkflowNode } from './workflow/schema.ts';
export { parseWorkflow, type ValidationEnv, validateWorkflow } from './workflow/validate.ts';
