/** The workflow format as JSON Schema, generated from the zod schema (written to workflow.schema.json by `npm run schema`). */
import { z } from 'zod';
import { WORKFLOW_FORMAT, WORKFLOW_VERSION, workflowSchema } from './schema.ts';

export function workflowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(workflowSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: `https://unclip-studio.dev/schemas/workflow-v${WORKFLOW_VERSION}.json`,
    title: 'unCLIP Studio workflow',
    description: `A ${WORKFLOW_FORMAT} document, version ${WORKFLOW_VERSION}: nodes with params by name, edges by port name.`,
  };
}
