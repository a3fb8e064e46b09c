/**
 * The built CLI as a user runs it (`node bin/run.js ...`), for end-to-end tests. `npm test`
 * builds first; `buildCli` builds again only when a source is newer than dist/ (a test file run
 * alone after an edit), so that the e2e files do not each spend a build.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'run.js');
const SOURCES = ['commands', 'src', 'streamer', 'reports'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The CLI runs from dist/: compile it unless dist/commands/<command>.js is newer than every
 * source (type errors elsewhere in the tree still emit), and check the command is there.
 */
export function buildCli(command: string): void {
  const built = join(ROOT, 'dist', 'commands', `${command}.js`);
  const fresh =
    existsSync(built) && statSync(built).mtimeMs >= Math.max(...SOURCES.map((d) => newest(join(ROOT, d))));
  if (!fresh) {
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'ignore' },
    );
  }
  if (!existsSync(built)) throw new Error(`build did not produce dist/commands/${command}.js`);
}

/** Starts the built CLI (`node bin/run.js ...args`); `exited` resolves with its code and output. */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; exited: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  return { child, exited: collectOutput(child) };
}

/** A child's whole stdout and stderr, and its exit code, once it has ended. */
export function collectOutput(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built CLI (`node bin/run.js ...args`) to its end; `onStart` may signal it. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStart?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  const { child, exited } = startCli(args, options.env === undefined ? {} : { env: options.env });
  options.onStart?.(child);
  return exited;
}

/** A shell word: `it's` → `'it'\''s'`. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the built CLI with stderr on a real pseudo-terminal (util-linux `script`) `columns` wide,
 * as a user in a narrow terminal sees it: `terminal` is everything written there, raw (carriage
 * returns and escape codes kept). With `stdoutFile`, stdout goes to that file instead (a --json
 * value stays readable); else it is on the terminal too.
 */
export function runCliInTerminal(
  args: string[],
  columns: number,
  stdoutFile?: string,
): Promise<{ code: number | null; terminal: string }> {
  const redirect = stdoutFile === undefined ? '' : ` > ${shellQuote(stdoutFile)}`;
  const command = `stty cols ${columns}; exec ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}${redirect}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectOutput(child).then(({ code, stdout }) => ({ code, terminal: stdout }));
}

/**
 * Each rewrite of a live progress line in a terminal transcript: what follows "carriage return,
 * clear line" up to the next such clear, with no line break. (A log line printed above the live
 * line also follows a clear, but ends with its line break: it is written once, never rewritten,
 * and may wrap like any output.)
 */
export function progressRewrites(terminal: string): string[] {
  return terminal
    .split('\r\x1b[2K')
    .slice(1)
    .filter((s) => !s.includes('\n'));
}
