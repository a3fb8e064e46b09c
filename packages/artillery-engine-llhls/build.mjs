// Bundles the engine with llhls's Node client (src/client, src/metrics, their npm dependencies)
// into one CommonJS file: the package then has no dependency at all, so an Artillery worker
// installs it in a second and never pulls the CLI's (Chromium driver, charts, oclif).
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/engine.ts', import.meta.url).pathname],
  outfile: new URL('./dist/engine.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});
