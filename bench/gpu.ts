/** `npm run bench -- gpu`: scripts/gpu-check.ts (which providers load; per-stage ms and parity with CPU). */
export { run } from '../scripts/gpu-check.ts';
