/** GET /api/workers: the processes executing runs, with their current run and last heartbeat. */
import { Router } from 'express';
import type { WorkersResponse } from '../../../core/protocol.ts';
import type { AppDeps } from '../deps.ts';

export function workersRouter(deps: Pick<AppDeps, 'workers'>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const body: WorkersResponse = { workers: await deps.workers() };
    res.json(body);
  });
  return router;
}
