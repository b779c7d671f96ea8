/** Socket kinds: a closed set with one compatibility rule. */
export const SOCKET_KINDS = ['model', 'text', 'embedding', 'image', 'noise'] as const;
export type SocketKind = (typeof SOCKET_KINDS)[number];

export const SOCKET_INFO: Record<SocketKind, { label: string; color: string; description: string }> = {
  model: {
    label: 'model',
    color: '#a78bfa',
    description: 'A loaded model bundle (CLIP, prior, decoder, upsamplers).',
  },
  text: {
    label: 'text',
    color: '#f59e0b',
    description: 'CLIP text encoding: embedding, hidden states and mask, one row per prompt.',
  },
  embedding: { label: 'embedding', color: '#22d3ee', description: 'A batch of CLIP image-space embeddings.' },
  image: { label: 'image', color: '#4ade80', description: 'A batch of RGB images.' },
  noise: { label: 'noise', color: '#f472b6', description: 'A batch of decoder start latents x_T.' },
};

/** The one compatibility rule: an output connects to an input of the same kind. Returns a reason or null. */
export function socketMismatch(from: SocketKind, to: SocketKind): string | null {
  return from === to ? null : `${from} cannot connect to ${to}`;
}
