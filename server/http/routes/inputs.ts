/**
 * /api/inputs: upload an image (the raw body; PNG or JPEG recognised by its magic bytes, fully decoded to
 * check it) stored by content hash, and read uploaded images back (thumbnails for Load Image).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import express, { Router } from 'express';
import type { UploadResponse } from '../../../core/protocol.ts';
import { INPUT_EXTENSIONS } from '../../engine/index.ts';
import { ImageFormatError, imageFormat, intakeImage } from '../../images/index.ts';
import { resolveConfined } from '../../security/confined-path.ts';
import { isFile, writeAtomic } from '../../store/atomic-file.ts';
import { ensureDir } from '../../store/ensure-dir.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { sendImage } from '../send-image.ts';

export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export function inputsRouter(deps: Pick<AppDeps, 'inputsDir'>): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: UPLOAD_LIMIT_BYTES });

  router.post('/', rawBody, async (req, res) => {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new HttpError(400, 'send the image file as the request body');
    const format = imageFormat(bytes);
    if (!format) throw new HttpError(415, 'only PNG and JPEG images are accepted');
    let size: { width: number; height: number };
    try {
      const { width, height } = await intakeImage(bytes);
      size = { width, height };
    } catch (err) {
      if (err instanceof ImageFormatError) throw new HttpError(400, err.message);
      throw new HttpError(400, `the ${format.toUpperCase()} file could not be decoded`);
    }
    const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${format === 'png' ? 'png' : 'jpg'}`;
    await storeOnce(deps.inputsDir, name, bytes);
    const body: UploadResponse = { name, ...size };
    res.status(201).json(body);
  });

  router.get('/:file', async (req, res) => {
    const file = await resolveConfined(deps.inputsDir, req.params.file, INPUT_EXTENSIONS);
    if (!file) throw new HttpError(404, 'no such input image');
    await sendImage(res, file, { cacheable: true });
  });
  return router;
}

/** Content-addressed: an existing file already holds these bytes. Written to a temp name, then renamed. */
async function storeOnce(dir: string, name: string, bytes: Buffer): Promise<void> {
  const target = path.join(dir, name);
  if (await isFile(target)) return;
  await ensureDir(dir);
  await writeAtomic(target, bytes);
}
