import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paramProblem } from '../../core/workflow/resolve-params.ts';
import { describeCatalog, getNodeType, NODE_TYPES } from '../../nodes/catalog.ts';
import type { AnyNodeDefinition } from '../../nodes/define.ts';

const TYPES_DIR = path.join(import.meta.dirname, '..', '..', 'nodes', 'types');

/** Every node definition exported by a file of nodes/types/ (one type per file), by file name. */
async function definitionsOnDisk(): Promise<Map<string, AnyNodeDefinition[]>> {
  const found = new Map<string, AnyNodeDefinition[]>();
  for (const file of readdirSync(TYPES_DIR).filter((f) => f.endsWith('.ts'))) {
    const exports = Object.values(await import(path.join(TYPES_DIR, file))) as unknown[];
    const defs = exports.filter(
      (v): v is AnyNodeDefinition =>
        typeof v === 'object' &&
        v !== null &&
        'type' in v &&
        typeof (v as { execute?: unknown }).execute === 'function',
    );
    found.set(file, defs);
  }
  return found;
}

describe('catalog', () => {
  it('registers the one node type of every file in nodes/types/, each under a unique id', async () => {
    const onDisk = await definitionsOnDisk();
    expect(onDisk.size).toBeGreaterThan(0);
    for (const [file, defs] of onDisk) {
      expect(defs, file).toHaveLength(1);
      // The very object the file exports, so a file added without its catalogue line is caught.
      expect(getNodeType(defs[0]!.type), file).toBe(defs[0]);
    }
    expect(NODE_TYPES.size).toBe(onDisk.size);
    expect(describeCatalog().map((n) => n.type)).toEqual([...NODE_TYPES.keys()]);
  });

  it('looks types up safely', () => {
    expect(getNodeType('decoder.sample')?.title).toBe('Decoder');
    expect(getNodeType('constructor')).toBeUndefined();
    expect(getNodeType('__proto__')).toBeUndefined();
  });

  it('describes types as plain JSON (no functions)', () => {
    const catalog = describeCatalog();
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    for (const info of catalog) expect(info).not.toHaveProperty('execute');
  });

  it('declares valid defaults, help text and port names for every type', () => {
    for (const def of NODE_TYPES.values()) {
      expect(def.description.length, def.type).toBeGreaterThan(20);
      for (const [name, spec] of Object.entries(def.params)) {
        expect(paramProblem(spec, spec.default), `${def.type}.${name}`).toBeNull();
        expect(spec.help.length, `${def.type}.${name}`).toBeGreaterThan(5);
      }
      for (const port of [...Object.keys(def.inputs), ...Object.keys(def.outputs)])
        expect(port, def.type).toMatch(/^[a-z][a-z0-9_]{0,31}$/);
    }
  });

  it('quotes no bundle facts (image sizes, grid lengths) in descriptions and help: those come from the manifest', () => {
    // GET /api/models and `unclip-studio models` give each bundle's sizes; a catalogue text would be wrong
    // for every bundle but one (the decoder once said 64 px while shapes-tiny's decoder makes 32 px).
    const bundleFact = /\d+\s*(px|pixels?)\b|\d+-step\b/i;
    for (const def of NODE_TYPES.values()) {
      const texts = [
        def.description,
        ...Object.values(def.params).map((p) => p.help),
        ...[...Object.values(def.inputs), ...Object.values(def.outputs)].map((p) => p.help ?? ''),
      ];
      for (const text of texts) expect(text, def.type).not.toMatch(bundleFact);
    }
  });

  it('makes output nodes the ones that end a graph: no output ports, and every other type has one', () => {
    const outputs = [...NODE_TYPES.values()].filter((d) => d.isOutput);
    expect(outputs.length).toBeGreaterThan(0);
    for (const def of NODE_TYPES.values())
      expect(Object.keys(def.outputs).length === 0, def.type).toBe(Boolean(def.isOutput));
  });
});
