/** /api/queue: its state, pause (the running run finishes, nothing new starts) and resume. */
import { Router } from 'express';
import type { AppDeps } from '../deps.ts';

export function queueRouter(deps: Pick<AppDeps, 'queue'>): Router {
  const { queue } = deps;
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await queue.state());
  });
  router.post('/pause', async (_req, res) => {
    await queue.pause();
    res.json(await queue.state());
  });
  router.post('/resume', async (_req, res) => {
    await queue.resume();
    res.json(await queue.state());
  });
  return router;
}
