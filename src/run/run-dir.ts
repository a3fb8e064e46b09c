import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT_USAGE, LlhlsError, LlhlsErrorCode } from '../errors.js';

/** A label safe in a directory name: letters, digits, dot, dash, underscore; at most 60. */
export function sanitizeLabel(label: string): string {
  const clean = label
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return clean === '' ? 'run' : clean;
}

/** `YYYYMMDD-HHMMSS` in UTC: sorts by time and means the same on every machine. */
export function runTimestamp(at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-` +
    `${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`
  );
}

export interface RunDir {
  /** Absolute path. */
  dir: string;
  /** The run id: the directory's name. */
  id: string;
  /** The directory did not exist before (so a failed start may remove it). */
  created: boolean;
}

async function state(
  dir: string,
  what: string,
): Promise<'missing' | 'empty' | 'non-empty' | 'not-a-directory'> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return 'not-a-directory';
    return (await readdir(dir)).length === 0 ? 'empty' : 'non-empty';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw cannotCreate(dir, what, error);
  }
}

function cannotCreate(dir: string, what: string, error: unknown): LlhlsError {
  const e = error as NodeJS.ErrnoException;
  const why = e.code === 'ENOTDIR' ? 'a parent is a file, not a directory' : (e.code ?? e.message);
  return new LlhlsError(
    LlhlsErrorCode.OutputDir,
    `cannot create ${dir} (${why}): check ${what} and its permissions`,
    // --out names a place that cannot be: a usage error; the default runs/ failing is runtime.
    what === '--out' ? { cause: error, exitCode: EXIT_USAGE } : { cause: error },
  );
}

/**
 * Chooses and creates the run directory: `--out` as given (refused unless missing or empty, so a
 * run never mixes with another), else `<runsRoot>/<YYYYMMDD-HHMMSS>-<label>`, with `-2`, `-3`...
 * appended when two runs start in the same second.
 */
export async function prepareRunDir(options: {
  out?: string | undefined;
  label: string;
  at: Date;
  runsRoot?: string;
}): Promise<RunDir> {
  if (options.out !== undefined) {
    const dir = resolve(options.out);
    const s = await state(dir, '--out');
    if (s === 'non-empty' || s === 'not-a-directory') {
      throw new LlhlsError(
        LlhlsErrorCode.OutputDir,
        `--out ${options.out} ${s === 'non-empty' ? 'is not empty' : 'is not a directory'}: name a new or empty directory, or leave --out out to use runs/<time>-<label>`,
        // The command line names the wrong place: a usage error.
        { exitCode: EXIT_USAGE },
      );
    }
    await makeDir(dir, '--out');
    return { dir, id: basename(dir), created: s === 'missing' };
  }
  const root = resolve(options.runsRoot ?? 'runs');
  const base = `${runTimestamp(options.at)}-${sanitizeLabel(options.label)}`;
  for (let n = 1; n < 1000; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = join(root, id);
    const s = await state(dir, 'the runs directory');
    if (s === 'missing' || s === 'empty') {
      await makeDir(dir, 'the runs directory');
      return { dir, id, created: s === 'missing' };
    }
  }
  throw new LlhlsError(
    LlhlsErrorCode.OutputDir,
    `too many runs named ${base} in ${root}: pass --out DIR or a --label`,
  );
}

/**
 * Creates `dir` and its missing parents one level at a time. Not `mkdir({recursive: true})`:
 * Node 20's loops forever under /proc (`--out /proc/x/run` hung), where mkdir says ENOENT for a
 * parent that exists.
 */
async function makeDir(dir: string, what: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    if ((await state(at, what)) !== 'missing') break;
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw cannotCreate(dir, what, error);
    }
  }
}
