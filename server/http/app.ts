/** The HTTP app: access guard first, one router per resource under /api, the editor, one error handler. */
import express, { type Express } from 'express';
import { accessMiddleware, apiHeaders } from './access.ts';
import type { AppDeps } from './deps.ts';
import { editorRouter } from './editor.ts';
import { apiNotFound, errorHandler, HttpError } from './errors.ts';
import { jsonBody } from './json-body.ts';
import { inputsRouter } from './routes/inputs.ts';
import { modelsRouter } from './routes/models.ts';
import { nodesRouter } from './routes/nodes.ts';
import { outputsRouter } from './routes/outputs.ts';
import { queueRouter } from './routes/queue.ts';
import { runsRouter } from './routes/runs.ts';
import { workersRouter } from './routes/workers.ts';
import { workflowsRouter } from './routes/workflows.ts';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(accessMiddleware(deps.guard, 'page'));

  const api = express.Router();
  api.use(accessMiddleware(deps.guard, 'api'));
  api.use(apiHeaders);
  api.use(jsonBody());
  api.use('/nodes', nodesRouter(deps));
  api.use('/models', modelsRouter(deps));
  api.use('/runs', runsRouter(deps));
  api.use('/queue', queueRouter(deps));
  api.use('/workers', workersRouter(deps));
  api.use('/outputs', outputsRouter(deps));
  api.use('/inputs', inputsRouter(deps));
  api.use('/workflows', workflowsRouter(deps));
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(editorRouter(deps.editorDist, deps.guard));
  app.use((req, _res, next) => next(new HttpError(404, `not found: ${req.path.slice(0, 200)}`)));
  app.use(errorHandler);
  return app;
}
