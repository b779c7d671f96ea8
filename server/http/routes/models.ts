/** GET /api/models: the installed bundles (from the configured models folders only). */
import { Router } from 'express';
import type { ModelInfo, ModelsResponse } from '../../../core/protocol.ts';
import { type BundleEntry, DEFAULT_BUNDLE } from '../../runtime/index.ts';
import type { AppDeps } from '../deps.ts';

export function modelsRouter(deps: Pick<AppDeps, 'models'>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const models = (await deps.models.list()).map(modelInfo);
    const fallback = models.some((m) => m.name === DEFAULT_BUNDLE) ? DEFAULT_BUNDLE : (models[0]?.name ?? '');
    const body: ModelsResponse = { models, default: fallback };
    res.json(body);
  });
  return router;
}

function modelInfo({ manifest: m }: BundleEntry): ModelInfo {
  const { prior, decoder, upsampler1, upsampler2 } = m.stages;
  const info: ModelInfo = {
    name: m.name,
    dims: m.dims,
    imageSizes: {
      decoder: decoder.image_size,
      upsampler1: upsampler1.image_size,
      upsampler2: upsampler2.image_size,
    },
    defaults: {
      prior: prior.defaults,
      decoder: decoder.defaults,
      upsampler1: upsampler1.defaults,
      upsampler2: upsampler2.defaults,
    },
  };
  if (m.title) info.title = m.title;
  if (m.description) info.description = m.description;
  return info;
}
