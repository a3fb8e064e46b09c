/**
 * Artillery for the engine's end-to-end test. It is never a dependency of llhls (460 MB, ~2.5 min
 * to install on a clean machine): the first run installs the pinned version into
 * packages/artillery-engine-llhls/.artillery (gitignored) and later runs reuse it. Artillery 2
 * declares Node >= 22.18, so it runs on the registry's `node@22` (as scripts/test-runtimes.sh).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliResult, collectOutput, ROOT } from './cli.js';

export const ARTILLERY_VERSION = '2.0.34';
export const ENGINE_DIR = join(ROOT, 'packages', 'artillery-engine-llhls');
const CACHE = join(ENGINE_DIR, '.artillery');
const ARTILLERY_BIN = join(CACHE, 'node_modules', 'artillery', 'bin', 'run');

function installedVersion(): string | null {
  const manifest = join(CACHE, 'node_modules', 'artillery', 'package.json');
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  return result.stdout;
}

export interface ArtilleryTool {
  /** The Node 22 binary Artillery runs on. */
  node: string;
  /** Seconds spent installing Artillery (0 when the cache had it). */
  installSeconds: number;
}

/**
 * Installs the pinned Artillery into the cache unless it is there; returns the seconds it took
 * (0 when cached). CI calls it early, beside the unit suites (scripts/install-artillery.ts), so
 * the e2e test finds it ready.
 */
export function installArtillery(): number {
  if (installedVersion() === ARTILLERY_VERSION) return 0;
  const started = Date.now();
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(
    join(CACHE, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: { artillery: ARTILLERY_VERSION } }, null, 2)}\n`,
  );
  // Its Playwright engine is not used here: no browser download.
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], CACHE, {
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  return (Date.now() - started) / 1000;
}

/**
 * Artillery ready to run the engine: installed once (pinned), the engine bundled fresh from the
 * sources and linked where Artillery resolves `artillery-engine-llhls` (its own node_modules).
 */
export function prepareArtillery(): ArtilleryTool {
  const installSeconds = installArtillery();
  // npm install prunes what it did not install: link the engine after it, every time.
  const link = join(CACHE, 'node_modules', 'artillery-engine-llhls');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(ENGINE_DIR, link, 'dir');
  run(process.execPath, [join(ENGINE_DIR, 'build.mjs')], ENGINE_DIR);
  const node = run('npx', ['-y', 'node@22', '-p', 'process.execPath'], ROOT).trim();
  return { node, installSeconds };
}

/** `artillery <args>` on Node 22, to its end, telemetry off (no network here). */
export function runArtillery(tool: ArtilleryTool, args: string[], cwd: string): Promise<CliResult> {
  const child = spawn(tool.node, [ARTILLERY_BIN, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', NO_COLOR: '1' },
  });
  return collectOutput(child);
}
