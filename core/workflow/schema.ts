/**
 * The workflow file format, version 1. Params and ports are by name; `ui` is editor-only state the engine ignores.
 * Older versions go through migrate.ts before this strict parse.
 */
import { z } from 'zod';
import { RESERVED_NAMES } from './reserved-names.ts';

export const WORKFLOW_FORMAT = 'unclip-studio/workflow';
export const WORKFLOW_VERSION = 1;

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'node ids are 1-64 letters, digits, "_", "." or "-"')
  .refine((id) => !RESERVED_NAMES.has(id), 'node ids may not be __proto__, constructor or prototype');
const portName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'port names are lowercase identifiers');

export const endpointSchema = z.object({ node: nodeIdSchema, port: portName }).strict();

export const edgeSchema = z.object({ from: endpointSchema, to: endpointSchema }).strict();

/** Editor-only state of a node (position, size, collapsed, colour...). */
export const nodeUiSchema = z
  .object({
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).strict().optional(),
    width: z.number().finite().optional(),
    height: z.number().finite().optional(),
    collapsed: z.boolean().optional(),
    title: z.string().max(200).optional(),
    seedControl: z.enum(['fixed', 'increment', 'randomize']).optional(),
  })
  .passthrough();

export const workflowNodeSchema = z
  .object({
    id: nodeIdSchema,
    type: z.string().min(1).max(100),
    params: z.record(z.string(), z.unknown()).default({}),
    /** 'bypass': passes its same-kind input through to its output; 'mute': does not run (nor what needs it). */
    mode: z.enum(['bypass', 'mute']).optional(),
    ui: nodeUiSchema.optional(),
  })
  .strict();

export const workflowSchema = z
  .object({
    format: z.literal(WORKFLOW_FORMAT),
    version: z.literal(WORKFLOW_VERSION),
    name: z.string().max(200).default('untitled'),
    description: z.string().max(10_000).optional(),
    nodes: z.array(workflowNodeSchema).max(2000),
    edges: z.array(edgeSchema).max(10_000),
    ui: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof edgeSchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
