import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT_USAGE, LlhlsError, LlhlsErrorCode } from '../errors.js';
import { RunFiles } from './run-files.js';

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** A directory llhls measure wrote (or began to): it holds run.json or samples.jsonl. */
export async function isRunDir(dir: string): Promise<boolean> {
  return (await isFile(join(dir, RunFiles.Info))) || (await isFile(join(dir, RunFiles.Samples)));
}

/**
 * The run directories named on a command line: each path is a run directory, or a folder whose
 * subdirectories are runs (e.g. `runs/`), taken in name order, which is time order for
 * `runs/<YYYYMMDD-HHMMSS>-<label>`. Duplicates are kept once, in first-seen order.
 *
 * @throws LlhlsError `LLHLS_RUN_FILE` for a path that is neither, naming it: a usage error (exit
 *   status 2), the path on the command line is the mistake
 */
export async function expandRunDirs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const add = (dir: string): void => {
    if (!out.includes(dir)) out.push(dir);
  };
  for (const path of paths) {
    const abs = resolve(path);
    const s = await stat(abs).catch(() => null);
    if (s === null || !s.isDirectory()) {
      throw new LlhlsError(
        LlhlsErrorCode.RunFile,
        `${path} ${s === null ? 'does not exist' : 'is not a directory'}: pass a run directory written by llhls measure, a folder of them, or the JSON of artillery run --output`,
        { exitCode: EXIT_USAGE },
      );
    }
    if (await isRunDir(abs)) {
      add(abs);
      continue;
    }
    const children = (await readdir(abs, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => join(abs, e.name))
      .sort();
    const runs: string[] = [];
    for (const child of children) if (await isRunDir(child)) runs.push(child);
    if (runs.length === 0) {
      throw new LlhlsError(
        LlhlsErrorCode.RunFile,
        `${path} holds no run (no run.json or samples.jsonl in it or its subdirectories): pass a directory written by llhls measure`,
        { exitCode: EXIT_USAGE },
      );
    }
    for (const run of runs) add(run);
  }
  return out;
}
