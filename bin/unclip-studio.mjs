#!/usr/bin/env node
// The installed command: register tsx's ESM loader, then run the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
const { runAsScript } = await import('../server/cli/main.ts');
await runAsScript();
