import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The prefix of the directories splitmuxsink writes into (`llhls-gst-XXXXXX` under the tmpdir). */
export const WORK_DIRECTORY_PREFIX = 'llhls-gst-';
/** The file in each that names the process owning it. */
const OWNER_FILE = 'owner.pid';
/** A directory with no owner file yet may be one another process is creating: left alone this long. */
const UNOWNED_GRACE_MS = 60_000;

/** Whether a process with this pid runs (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid its owner file names; null when it has none (yet) or it holds no number. */
function ownerOf(directory: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(directory, OWNER_FILE), 'utf8'), 10);
    return Number.isNaN(pid) ? null : pid;
  } catch {
    return null;
  }
}

/**
 * Creates this process's work directory under `parent`, with its owner file. Removed on close
 * and at exit by the engine; a process killed with SIGKILL cannot, so `sweepWorkDirectories` does.
 */
export function createWorkDirectory(parent: string): string {
  const directory = mkdtempSync(join(parent, WORK_DIRECTORY_PREFIX));
  writeFileSync(join(directory, OWNER_FILE), `${process.pid}\n`);
  return directory;
}

/**
 * Removes the work directories under `parent` whose owner no longer runs (left by a process
 * killed with SIGKILL, or by a crash of the machine): a directory whose owner file names a dead
 * process, or that has none and is older than a minute. Never one of a running process. Errors
 * (a directory removed meanwhile, no permission) leave it: the sweep is housekeeping.
 * @returns the directories removed
 */
export function sweepWorkDirectories(parent: string, now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(WORK_DIRECTORY_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const directory = join(parent, name);
    try {
      const owner = ownerOf(directory);
      const stale =
        owner === null
          ? now - statSync(directory).mtimeMs > UNOWNED_GRACE_MS
          : owner !== process.pid && !alive(owner);
      if (!stale) continue;
      rmSync(directory, { recursive: true, force: true });
      removed.push(directory);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
