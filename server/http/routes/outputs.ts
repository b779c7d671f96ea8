/**
 * GET /api/outputs/:file: generated PNGs, confined to the outputs folder; previews (image.preview) live in
 * its temp folder and are named `.temp/<file>` (as a path, or as one encoded segment `.temp%2F<file>`).
 * Names with a leading dot or a temp suffix (files still being written) are never served.
 */
import path from 'node:path';
import { type Request, type Response, Router } from 'express';
import { TEMP_DIR } from '../../engine/index.ts';
import { resolveConfined } from '../../security/confined-path.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { sendImage } from '../send-image.ts';

export function outputsRouter(deps: Pick<AppDeps, 'outputsDir'>): Router {
  const router = Router();
  const serve = async (name: string, res: Response) => {
    const temporary = name.startsWith(`${TEMP_DIR}/`);
    const folder = temporary ? path.join(deps.outputsDir, TEMP_DIR) : deps.outputsDir;
    const file = await resolveConfined(folder, temporary ? name.slice(TEMP_DIR.length + 1) : name, ['.png']);
    if (!file) throw new HttpError(404, 'no such output image');
    await sendImage(res, file, { cacheable: !temporary });
  };
  router.get(`/${TEMP_DIR}/:file`, (req: Request<{ file: string }>, res) =>
    serve(`${TEMP_DIR}/${req.params.file}`, res),
  );
  router.get('/:file', (req: Request<{ file: string }>, res) => serve(req.params.file, res));
  return router;
}
