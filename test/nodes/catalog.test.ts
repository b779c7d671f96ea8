import { describe, expect, it } from 'vitest';
import { paramProblem } from '../../core/workflow/resolve-params.ts';
import { describeCatalog, getNodeType, NODE_TYPES } from '../../nodes/catalog.ts';

const TYPES = [
  'model.load',
  'text.encode',
  'image.load',
  'image.encode',
  'prior.sample',
  'embedding.from_text',
  'decoder.sample',
  'decoder.invert',
  'upsampler.sample',
  'embedding.interpolate',
  'noise.interpolate',
  'embedding.text_diff',
  'embedding.pca',
  'embedding.similarity',
  'image.save',
  'image.preview',
];

describe('catalog', () => {
  it('lists every node type once, in menu order', () => {
    expect(describeCatalog().map((n) => n.type)).toEqual(TYPES);
    expect([...NODE_TYPES.keys()]).toEqual(TYPES);
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

  it('marks exactly the output nodes as outputs', () => {
    const outputs = [...NODE_TYPES.values()].filter((d) => d.isOutput).map((d) => d.type);
    expect(outputs).toEqual(['embedding.similarity', 'image.save', 'image.preview']);
  });
});
