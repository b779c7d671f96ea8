/**
 * /api/workflows: the library of saved workflows. PUT checks the file format (schema only: a workflow naming
 * a model that is not installed can still be saved and shared).
 */
import { Router } from 'express';
import type { WorkflowListResponse } from '../../../core/protocol.ts';
import { parseWorkflow } from '../../../core/workflow/validate.ts';
import { isWorkflowName } from '../../store/workflow-library.ts';
import { requireJsonBody } from '../access.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';

export function workflowsRouter(deps: Pick<AppDeps, 'workflows'>): Router {
  const { workflows } = deps;
  const router = Router();
  router.use(requireJsonBody);

  router.get('/', async (_req, res) => {
    const body: WorkflowListResponse = { workflows: await workflows.list() };
    res.json(body);
  });

  router.get('/:name', async (req, res) => {
    const text = await workflows.read(checkedName(req.params.name));
    if (text === null) throw new HttpError(404, `no saved workflow "${req.params.name}"`);
    res.type('application/json').send(text);
  });

  router.put('/:name', async (req, res) => {
    const name = checkedName(req.params.name);
    const { workflow, issues } = parseWorkflow(req.body);
    if (!workflow) throw new HttpError(400, 'not a valid workflow file', issues);
    const replaced = await workflows.write(name, workflow);
    res.status(replaced ? 200 : 201).json({ name });
  });

  router.delete('/:name', async (req, res) => {
    if (!(await workflows.remove(checkedName(req.params.name))))
      throw new HttpError(404, `no saved workflow "${req.params.name}"`);
    res.status(204).end();
  });

  return router;
}

function checkedName(name: string): string {
  if (!isWorkflowName(name))
    throw new HttpError(400, 'workflow names are 1-80 letters, digits, spaces, "_", "-" or "." (no "..")', [
      { path: 'name', message: `invalid workflow name "${name.slice(0, 100)}"` },
    ]);
  return name;
}
