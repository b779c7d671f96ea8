import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workflowJsonSchema } from '../../../core/workflow/json-schema.ts';
import { migrate } from '../../../core/workflow/migrate.ts';

describe('migrate', () => {
  it('passes the current version through unchanged', () => {
    const doc = { format: 'unclip-studio/workflow', version: 1, nodes: [], edges: [] };
    expect(migrate(doc)).toEqual({ workflow: doc, issues: [] });
  });

  it('refuses versions it cannot read', () => {
    for (const version of [0, 1.5, '1', undefined])
      expect(migrate({ format: 'unclip-studio/workflow', version }).issues).toEqual([
        { path: 'version', message: '"version" must be a whole number from 1' },
      ]);
    expect(migrate({ format: 'unclip-studio/workflow', version: 2 }).issues[0]!.message).toMatch(/newer/);
    expect(migrate({ version: 1 }).issues[0]!.path).toBe('format');
    expect(migrate('workflow').issues[0]!.message).toMatch(/JSON object/);
  });
});

describe('workflow.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing core/workflow/schema.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../core/workflow/workflow.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(workflowJsonSchema());
    expect(committed.properties.format.const).toBe('unclip-studio/workflow');
    expect(committed.additionalProperties).toBe(false);
  });
});
