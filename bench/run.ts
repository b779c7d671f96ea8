export {};

/**
 * `npm run bench`: runs every benchmark module and prints its figures (no asserts: figures are read by people).
 * `npm run bench -- engine` runs only the named ones.
 */
const SUITES = [
  'validation',
  'engine',
  'server',
  'redis',
  'editor',
  'ort-options',
  'versus-torch',
  'gpu',
] as const;

interface BenchModule {
  run(): Promise<void>;
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? SUITES.filter((s) => wanted.includes(s)) : SUITES;

for (const suite of chosen) {
  console.log(`\n=== bench: ${suite} ===`);
  const started = performance.now();
  const mod = (await import(`./${suite}.ts`)) as BenchModule;
  await mod.run();
  console.log(`(${suite} bench took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
