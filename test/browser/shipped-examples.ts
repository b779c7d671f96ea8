/** The example workflows shipped in examples/*.json, as the browser tests read them. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ShippedExample {
  name: string;
  nodes: {
    id: string;
    type: string;
    params: Record<string, unknown>;
    ui: { position: { x: number; y: number } };
  }[];
}

const EXAMPLES_DIR = path.join(import.meta.dirname, '..', '..', 'examples');

export const SHIPPED_EXAMPLES: ShippedExample[] = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')) as ShippedExample);
