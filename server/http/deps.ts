/** Everything the HTTP app needs, passed in (createApp never listens or opens files by itself). */

import type { NodeSpec } from '../../core/node-spec.ts';
import type { Issue } from '../../core/protocol.ts';
import type { Workflow } from '../../core/workflow/schema.ts';
import type { RunQueue } from '../queue/queue.ts';
import type { ModelRegistry } from '../runtime/index.ts';
import type { AccessGuard } from '../security/guard.ts';
import type { WorkflowLibrary } from '../store/workflow-library.ts';

export interface AppDeps {
  guard: AccessGuard;
  queue: RunQueue;
  /** Full validation before queueing (the engine's: params, edges, installed models, input files). */
  validate(
    raw: unknown,
  ): { workflow?: Workflow; issues: Issue[] } | Promise<{ workflow?: Workflow; issues: Issue[] }>;
  catalog(): NodeSpec[];
  models: Pick<ModelRegistry, 'list'>;
  workflows: WorkflowLibrary;
  inputsDir: string;
  outputsDir: string;
  /** The built editor (index.html and assets); a hint page is served when it is missing. */
  editorDist: string;
}
