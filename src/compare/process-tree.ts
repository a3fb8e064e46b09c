import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** What /proc/<pid>/stat says about one process that a resource figure needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** user + system CPU time, in clock ticks (USER_HZ) */
  cpuTicks: number;
  /** resident set, in pages */
  rssPages: number;
}

/**
 * Parses the text of /proc/<pid>/stat (proc(5)). The command name (field 2) is in parentheses and
 * may itself hold spaces and parentheses, so the fields are counted from the last `)`. Pure.
 * @returns null for text that is not a stat line
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After ')': field 3 (state) is rest[0], so field n is rest[n - 3].
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number): number => Number(rest[n - 3]);
  const stat = {
    pid,
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    rssPages: field(24),
  };
  return Object.values(stat).every(Number.isFinite) ? stat : null;
}

/** `root` and every process below it, from each process's parent. Pure. */
export function treeOf(root: number, stats: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list === undefined) children.set(s.ppid, [s]);
    else list.push(s);
  }
  const self = stats.find((s) => s.pid === root);
  if (self === undefined) return [];
  const out: ProcStat[] = [];
  const queue = [self];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return out;
}

/** One reading of a process tree. */
export interface TreeReading {
  /** client epoch ms */
  t: number;
  /** CPU ticks so far, per process of the tree */
  ticks: Map<number, number>;
  rssBytes: number;
  processes: number;
}

/**
 * CPU used by the tree between two readings, as a percentage of one core. A process that was not
 * in the earlier reading counts its whole CPU time (it started in between); one that has gone
 * counts nothing more (its last interval is lost: at most one interval of a short-lived child).
 * Pure.
 */
export function cpuPercentBetween(before: TreeReading, after: TreeReading, ticksPerSecond: number): number {
  const seconds = (after.t - before.t) / 1000;
  if (!(seconds > 0)) return 0;
  let ticks = 0;
  for (const [pid, now] of after.ticks) ticks += Math.max(0, now - (before.ticks.get(pid) ?? 0));
  return (ticks / ticksPerSecond / seconds) * 100;
}

/** USER_HZ and the page size: `getconf`, else Linux's usual 100 and 4096. */
export function procUnits(): { ticksPerSecond: number; pageBytes: number } {
  const ask = (name: string, fallback: number): number => {
    const out = spawnSync('getconf', [name], { encoding: 'utf8' });
    const value = Number(out.stdout?.trim());
    return out.status === 0 && value > 0 ? value : fallback;
  };
  return { ticksPerSecond: ask('CLK_TCK', 100), pageBytes: ask('PAGESIZE', 4096) };
}

/**
 * Reads the tree under `root` from /proc: every process's stat (the kernel here lists no
 * `children` files, so parents are found by scanning), then the tree. Null when `root` is gone
 * or there is no /proc (not Linux).
 */
export async function readProcessTree(
  root: number,
  pageBytes: number,
  now: () => number,
): Promise<TreeReading | null> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return null;
  }
  const stats = await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map((n) =>
        readFile(`/proc/${n}/stat`, 'utf8').then(
          (text) => parseProcStat(text),
          () => null,
        ),
      ),
  );
  const tree = treeOf(
    root,
    stats.filter((s) => s !== null),
  );
  if (tree.length === 0) return null;
  return {
    t: now(),
    ticks: new Map(tree.map((s) => [s.pid, s.cpuTicks])),
    rssBytes: tree.reduce((sum, s) => sum + s.rssPages * pageBytes, 0),
    processes: tree.length,
  };
}
