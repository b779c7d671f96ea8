/**
 * /api/runs: queue a workflow (validated by the engine first), list the queue and the history, read one
 * run, cancel it, move it in the queue.
 */
import { Router } from 'express';
import { z } from 'zod';
import type {
  CancelRunResponse,
  CreateRunResponse,
  MoveRunResponse,
  RunsPage,
} from '../../../core/protocol.ts';
import { requireJsonBody } from '../access.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, parseOr400 } from '../errors.ts';

/** Queued runs beyond this are refused (429) rather than piling up without bound. */
export const MAX_QUEUED_RUNS = 1000;

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const createBody = z
  .object({
    workflow: z.unknown().refine((w) => w !== undefined, 'a workflow is required'),
    clientId: z.string().regex(RUN_ID, '1-64 letters, digits, "_" or "-"').optional(),
  })
  .strict();
const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const moveBody = z.object({ position: z.number().int().min(0) }).strict();

export function runsRouter(deps: Pick<AppDeps, 'queue' | 'validate'>): Router {
  const { queue } = deps;
  const router = Router();
  router.use(requireJsonBody);

  router.post('/', async (req, res) => {
    const body = parseOr400(createBody, req.body, 'body');
    const { workflow, issues } = await deps.validate(body.workflow);
    if (!workflow || issues.length)
      throw new HttpError(400, `the workflow has ${issues.length} problem(s)`, issues);
    if ((await queue.state()).queued.length >= MAX_QUEUED_RUNS)
      throw new HttpError(429, `the queue is full (${MAX_QUEUED_RUNS} runs); wait or cancel some`);
    const created: CreateRunResponse = await queue.enqueue(workflow, body.clientId);
    res.status(202).location(`/api/runs/${created.id}`).json(created);
  });

  router.get('/', async (req, res) => {
    const { offset, limit } = parseOr400(pageQuery, req.query, 'query');
    const [{ runs, total }, active, { paused }] = await Promise.all([
      queue.history(offset, limit),
      queue.active(),
      queue.state(),
    ]);
    const page: RunsPage = {
      queue: active,
      paused,
      history: runs,
      total,
      offset,
      limit,
    };
    res.json(page);
  });

  router.get('/:id', async (req, res) => {
    res.json(await runOr404(deps, req.params.id));
  });

  router.delete('/:id', async (req, res) => {
    const id = (await runOr404(deps, req.params.id)).id;
    const result = await queue.cancel(id);
    if (result === 'not-found') throw new HttpError(404, `no run "${id}"`);
    if (result === 'already-finished') throw new HttpError(409, `run "${id}" has already finished`);
    const body: CancelRunResponse = { id, status: result };
    res.status(result === 'cancelled' ? 200 : 202).json(body);
  });

  router.patch('/:id', async (req, res) => {
    const id = (await runOr404(deps, req.params.id)).id;
    const { position } = parseOr400(moveBody, req.body, 'body');
    const moved = await queue.move(id, position);
    if (moved === 'not-found') throw new HttpError(404, `no run "${id}"`);
    if (moved === 'not-queued') throw new HttpError(409, `run "${id}" is not queued; only queued runs move`);
    const body: MoveRunResponse = { id, position: moved.position };
    res.json(body);
  });

  return router;
}

async function runOr404(deps: Pick<AppDeps, 'queue'>, id: string) {
  const run = RUN_ID.test(id) ? await deps.queue.get(id) : undefined;
  if (!run) throw new HttpError(404, `no run "${id.slice(0, 64)}"`);
  return run;
}
