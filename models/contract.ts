/**
 * The model bundle contract: the manifest schema and the ONNX input/output table of every stage.
 * Pure data + zod; imported by the runtime (server/runtime), the nodes and the benchmarks (not the editor).
 * models/README.md explains each field in prose.
 */
import { z } from 'zod';

export const STAGE_NAMES = [
  'clip_text',
  'clip_image',
  'prior',
  'decoder',
  'upsampler1',
  'upsampler2',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];
export type DiffusionStageName = 'prior' | 'decoder' | 'upsampler1' | 'upsampler2';

const fileName = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/,
    'a relative file name inside the bundle (no "..", no absolute path)',
  )
  .refine((s) => !s.split('/').includes('..'), 'must not contain ".."');

export const schedulerSchema = z
  .object({
    beta_schedule: z.enum(['squaredcos_cap_v2', 'linear']),
    num_train_timesteps: z.number().int().min(2).max(100_000),
    prediction_type: z.enum(['epsilon', 'sample', 'v_prediction']),
    variance_type: z.enum(['fixed_small_log', 'learned_range']),
    clip_sample_range: z.number().positive(),
    beta_start: z.number().positive().optional(),
    beta_end: z.number().positive().optional(),
  })
  .strict();
export type SchedulerConfig = z.infer<typeof schedulerSchema>;

const defaultsSchema = z
  .object({ steps: z.number().int().min(1).max(1000), guidance: z.number().min(0).max(50).optional() })
  .strict();
const rgb = z.tuple([z.number(), z.number(), z.number()]);

export const manifestSchema = z
  .object({
    format: z.literal('unclip-studio/bundle'),
    version: z.literal(1),
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, "_", "." and "-"'),
    title: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
    license: z.string().max(200).optional(),
    dims: z
      .object({
        embedding: z.number().int().positive(),
        text_width: z.number().int().positive(),
        context_length: z.number().int().positive(),
      })
      .strict(),
    embedding_norm: z.enum(['raw', 'l2']),
    tokenizer: z
      .object({
        file: fileName,
        pad_id: z.number().int().min(0),
        sot_id: z.number().int().min(0),
        eot_id: z.number().int().min(0),
      })
      .strict(),
    stages: z
      .object({
        clip_text: z.object({ file: fileName }).strict(),
        clip_image: z
          .object({ file: fileName, image_size: z.number().int().positive(), mean: rgb, std: rgb })
          .strict(),
        prior: z
          .object({
            file: fileName,
            scheduler: schedulerSchema,
            clip_mean: z.array(z.number()),
            clip_std: z.array(z.number()),
            defaults: defaultsSchema,
          })
          .strict(),
        decoder: z
          .object({
            file: fileName,
            image_size: z.number().int().positive(),
            scheduler: schedulerSchema,
            defaults: defaultsSchema,
          })
          .strict(),
        upsampler1: z
          .object({
            file: fileName,
            image_size: z.number().int().positive(),
            scheduler: schedulerSchema,
            defaults: defaultsSchema,
          })
          .strict(),
        upsampler2: z
          .object({
            file: fileName,
            image_size: z.number().int().positive(),
            scheduler: schedulerSchema,
            defaults: defaultsSchema,
          })
          .strict(),
      })
      .strict(),
    pca: z.object({ file: fileName }).strict(),
    files: z.record(
      fileName,
      z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }).strict(),
    ),
  })
  .strict()
  .superRefine((m, ctx) => {
    const D = m.dims.embedding;
    if (m.stages.prior.clip_mean.length !== D)
      ctx.addIssue({
        code: 'custom',
        path: ['stages', 'prior', 'clip_mean'],
        message: `must have ${D} values (dims.embedding)`,
      });
    if (m.stages.prior.clip_std.length !== D)
      ctx.addIssue({
        code: 'custom',
        path: ['stages', 'prior', 'clip_std'],
        message: `must have ${D} values (dims.embedding)`,
      });
    const listed = [m.tokenizer.file, m.pca.file, ...STAGE_NAMES.map((s) => m.stages[s].file)];
    for (const f of listed)
      if (!(f in m.files))
        ctx.addIssue({
          code: 'custom',
          path: ['files'],
          message: `"${f}" is used but has no sha256/bytes entry`,
        });
  });
export type BundleManifest = z.infer<typeof manifestSchema>;

/** The PCA basis file (pca.json) of a bundle. */
export const pcaSchema = z
  .object({
    mean: z.array(z.number()),
    components: z.array(z.array(z.number())),
    explained_variance: z.array(z.number()),
  })
  .strict();
export type PcaBasis = z.infer<typeof pcaSchema>;

export type TensorDtype = 'float32' | 'int64';

/** One ONNX input or output of a stage: its name, dtype and rank (symbolic dims: B batch, L context, ...). */
export interface StagePort {
  name: string;
  dtype: TensorDtype;
  dims: readonly string[];
  optional?: boolean;
}

/** The stage I/O table: the names, dtypes and ranks every bundle's ONNX files must expose. */
export const STAGE_IO: Record<StageName, { inputs: readonly StagePort[]; outputs: readonly StagePort[] }> = {
  clip_text: {
    inputs: [
      { name: 'input_ids', dtype: 'int64', dims: ['B', 'L'] },
      { name: 'attention_mask', dtype: 'int64', dims: ['B', 'L'], optional: true },
    ],
    outputs: [
      { name: 'text_embeds', dtype: 'float32', dims: ['B', 'D'] },
      { name: 'last_hidden_state', dtype: 'float32', dims: ['B', 'L', 'W'] },
    ],
  },
  clip_image: {
    inputs: [{ name: 'pixel_values', dtype: 'float32', dims: ['B', '3', 'S', 'S'] }],
    outputs: [{ name: 'image_embeds', dtype: 'float32', dims: ['B', 'D'] }],
  },
  prior: {
    inputs: [
      { name: 'sample', dtype: 'float32', dims: ['B', 'D'] },
      { name: 'timestep', dtype: 'float32', dims: ['B'] },
      { name: 'text_embeds', dtype: 'float32', dims: ['B', 'D'] },
      { name: 'text_hidden_states', dtype: 'float32', dims: ['B', 'L', 'W'] },
      { name: 'attention_mask', dtype: 'int64', dims: ['B', 'L'] },
    ],
    outputs: [{ name: 'predicted_image_embedding', dtype: 'float32', dims: ['B', 'D'] }],
  },
  decoder: {
    inputs: [
      { name: 'sample', dtype: 'float32', dims: ['B', '3', 'H', 'W'] },
      { name: 'timestep', dtype: 'float32', dims: ['B'] },
      { name: 'image_embeds', dtype: 'float32', dims: ['B', 'D'] },
      { name: 'text_embeds', dtype: 'float32', dims: ['B', 'D'] },
      { name: 'text_hidden_states', dtype: 'float32', dims: ['B', 'L', 'W'] },
      { name: 'attention_mask', dtype: 'int64', dims: ['B', 'L'] },
      { name: 'drop_image_embed', dtype: 'float32', dims: ['B'] },
    ],
    outputs: [{ name: 'model_output', dtype: 'float32', dims: ['B', 'C', 'H', 'W'] }],
  },
  upsampler1: {
    inputs: [
      { name: 'sample', dtype: 'float32', dims: ['B', '3', 'H', 'W'] },
      { name: 'low_res', dtype: 'float32', dims: ['B', '3', 'H', 'W'] },
      { name: 'timestep', dtype: 'float32', dims: ['B'] },
    ],
    outputs: [{ name: 'noise_pred', dtype: 'float32', dims: ['B', 'C', 'H', 'W'] }],
  },
  upsampler2: {
    inputs: [
      { name: 'sample', dtype: 'float32', dims: ['B', '3', 'H', 'W'] },
      { name: 'low_res', dtype: 'float32', dims: ['B', '3', 'H', 'W'] },
      { name: 'timestep', dtype: 'float32', dims: ['B'] },
    ],
    outputs: [{ name: 'noise_pred', dtype: 'float32', dims: ['B', 'C', 'H', 'W'] }],
  },
};

/** The name of the one output a stage's sampler reads. */
export const STAGE_MAIN_OUTPUT: Record<StageName, string> = {
  clip_text: 'text_embeds',
  clip_image: 'image_embeds',
  prior: 'predicted_image_embedding',
  decoder: 'model_output',
  upsampler1: 'noise_pred',
  upsampler2: 'noise_pred',
};
