/**
 * Writes core/workflow/workflow.schema.json from the zod schema; run with `npm run schema`.
 * Excluded from core/tsconfig.json (it needs Node); type-checked by test/tsconfig.json.
 */
// biome-ignore lint/style/noRestrictedImports: the one build script in core/; it writes the committed schema file.
import { writeFileSync } from 'node:fs';
import { workflowJsonSchema } from './json-schema.ts';

const target = new URL('./workflow.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
