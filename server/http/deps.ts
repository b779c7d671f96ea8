/** Everything the HTTP app needs, passed in (createApp never listens or opens files by itself). */

import type { NodeSpec } from '../../core/node-spec.ts';
import type { WorkerInfo } from '../../core/protocol.ts';
import type { ValidationResult } from '../../core/workflow/validate.ts';
import type { RunQueue } from '../queue/queue.ts';
import type { ModelRegistry } from '../runtime/index.ts';
import type { AccessGuard } from '../security/guard.ts';
import type { WorkflowLibrary } from '../store/workflow-library.ts';

export interface AppDeps {
  guard: AccessGuard;
  queue: RunQueue;
  /** GET /api/workers: who executes runs. */
  workers(): Promise<WorkerInfo[]>;
  /** Full validation before queueing (the engine's: params, edges, installed models, input files). */
  validate(raw: unknown): ValidationResult | Promise<ValidationResult>;
  catalog(): NodeSpec[];
  models: Pick<ModelRegistry, 'list'>;
  workflows: WorkflowLibrary;
  inputsDir: string;
  outputsDir: string;
  /** The built editor (index.html and assets); a hint page is served when it is missing. */
  editorDist: string;
}
