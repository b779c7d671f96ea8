/** /api/queue: its state, pause (the running run finishes, nothing new starts) and resume. */
import { Router } from 'express';
import type { AppDeps } from '../deps.ts';

export function queueRouter(deps: Pick<AppDeps, 'queue'>): Router {
  const { queue } = deps;
  const router = Router();
  router.get('/', (_req, res) => {
    res.json(queue.state());
  });
  router.post('/pause', (_req, res) => {
    queue.pause();
    res.json(queue.state());
  });
  router.post('/resume', (_req, res) => {
    queue.resume();
    res.json(queue.state());
  });
  return router;
}
