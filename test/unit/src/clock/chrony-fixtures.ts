import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** test/fixtures/chrony, resolved from this file. */
export const CHRONY_FIXTURES = new URL('../../../fixtures/chrony/', import.meta.url).pathname;

export interface Capture {
  stdout: string;
  stderr: string;
  exit: number;
}

/** One real capture: `state/name.{stdout,stderr,exit}` (README.md in the fixtures says how). */
export function capture(state: string, name: string): Capture {
  const base = join(CHRONY_FIXTURES, state, name);
  return {
    stdout: readFileSync(`${base}.stdout`, 'utf8'),
    stderr: readFileSync(`${base}.stderr`, 'utf8'),
    exit: Number(readFileSync(`${base}.exit`, 'utf8').trim()),
  };
}

/**
 * A stand-in chronyc (a shell script) that replays the captures of one state: stdout, stderr
 * and exit code of `-c tracking` and `-c sources` exactly as the real chronyc gave them. Lets the
 * adapter be tested as a real child process against real output without a daemon.
 */
export function fakeChronyc(state: string): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'llhls-chronyc-'));
  const path = join(dir, 'chronyc');
  const dirOf = `${join(CHRONY_FIXTURES, state)}/`;
  writeFileSync(
    path,
    `#!/bin/sh
case "$*" in
  *tracking*) n=c-tracking ;;
  *sources*) n=c-sources ;;
  *) echo "unexpected arguments: $*" >&2; exit 99 ;;
esac
cat "${dirOf}$n.stdout"; cat "${dirOf}$n.stderr" >&2; exit "$(cat "${dirOf}$n.exit")"
`,
  );
  chmodSync(path, 0o755);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stand-in timedatectl that prints `stdout` and exits with `exit`. */
export function fakeTool(name: string, stdout: string, exit: number): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'llhls-tool-'));
  const path = join(dir, name);
  writeFileSync(join(dir, 'out'), stdout);
  writeFileSync(path, `#!/bin/sh\ncat "${join(dir, 'out')}"\nexit ${exit}\n`);
  chmodSync(path, 0o755);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
