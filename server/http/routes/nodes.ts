/** GET /api/nodes: the node catalogue the editor builds its menus and widgets from (serialised once). */
import { Router } from 'express';
import type { NodesResponse } from '../../../core/protocol.ts';
import type { AppDeps } from '../deps.ts';

export function nodesRouter(deps: Pick<AppDeps, 'catalog'>): Router {
  const router = Router();
  const body: NodesResponse = { nodes: deps.catalog() };
  const json = JSON.stringify(body);
  router.get('/', (_req, res) => {
    res.type('application/json').send(json);
  });
  return router;
}
