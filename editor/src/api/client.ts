/** Typed calls to the server's HTTP API. Types come from the shared protocol; nothing is redeclared here. */
import type {
  ApiError,
  CreateRunResponse,
  Issue,
  ModelsResponse,
  NodesResponse,
  RunDetail,
  RunsPage,
  UploadResponse,
  WorkerInfo,
  WorkflowListResponse,
} from '../../../core/protocol.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';

/** An HTTP error carrying the server's message and, for invalid workflows, the issues it found. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(path, { method, body, headers });
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (data ?? {}) as Partial<ApiError>;
    throw new ApiRequestError(
      err.error ?? `${method} ${path} failed (${res.status})`,
      res.status,
      err.issues,
    );
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 300) };
  }
}

const json = (value: unknown) => JSON.stringify(value);
const enc = encodeURIComponent;

export const api = {
  nodes: () => request<NodesResponse>('GET', '/api/nodes'),
  models: () => request<ModelsResponse>('GET', '/api/models'),
  createRun: (workflow: Workflow, clientId?: string) =>
    request<CreateRunResponse>('POST', '/api/runs', json({ workflow, clientId }), 'application/json'),
  runs: (offset = 0, limit = 30) => request<RunsPage>('GET', `/api/runs?offset=${offset}&limit=${limit}`),
  run: (id: string) => request<RunDetail>('GET', `/api/runs/${enc(id)}`),
  cancelRun: (id: string) => request<unknown>('DELETE', `/api/runs/${enc(id)}`),
  moveRun: (id: string, position: number) =>
    request<unknown>('PATCH', `/api/runs/${enc(id)}`, json({ position }), 'application/json'),
  pauseQueue: () => request<unknown>('POST', '/api/queue/pause'),
  resumeQueue: () => request<unknown>('POST', '/api/queue/resume'),
  workers: () => request<{ workers: WorkerInfo[] }>('GET', '/api/workers'),
  uploadInput: (file: Blob) =>
    request<UploadResponse>('POST', '/api/inputs', file, file.type || 'application/octet-stream'),
  workflows: () => request<WorkflowListResponse>('GET', '/api/workflows'),
  workflow: (name: string) => request<unknown>('GET', `/api/workflows/${enc(name)}`),
  saveWorkflow: (name: string, workflow: Workflow) =>
    request<unknown>('PUT', `/api/workflows/${enc(name)}`, json(workflow), 'application/json'),
  deleteWorkflow: (name: string) => request<unknown>('DELETE', `/api/workflows/${enc(name)}`),
};

export const outputUrl = (file: string) => `/api/outputs/${enc(file)}`;
export const inputUrl = (file: string) => `/api/inputs/${enc(file)}`;
