import { readdirSync, readFileSync } from 'node:fs';

/** CPU (µs, user + system) of this process's threads by group; null off Linux. */
export interface ThreadCpu {
  /** The JavaScript thread: what `--cpu-prof` samples (GC pauses on it included). */
  main: number;
  /** `--cpu-prof`'s sampler (v8:ProfEvntProc): not the server's work; 0 unless profiling. */
  profiler: number;
  /** Every other thread: V8's workers (concurrent marking, parallel scavenging, concurrent
   *  compilation) and libuv's pool (Node 20 names them all `node`, so they are one group). */
  other: number;
}

/** Clock ticks a second of /proc's utime and stime (USER_HZ: 100 on every Linux build). */
const TICKS_PER_SECOND = 100;

/**
 * This process's CPU by thread, from /proc/self/task/<tid>/stat (10 ms resolution: read it
 * over seconds). `process.cpuUsage()` is the sum of all of them; a CPU profile sees the main
 * thread alone, so this says how much of a process's CPU a profile cannot attribute.
 */
export function threadCpu(): ThreadCpu | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const out: ThreadCpu = { main: 0, profiler: 0, other: 0 };
  for (const tid of tids) {
    let stat: string;
    let name: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      name = readFileSync(`/proc/self/task/${tid}/comm`, 'latin1').trim();
    } catch {
      continue; // the thread ended between the listing and the read
    }
    // Fields after the parenthesised name (which may hold spaces): state is field 3, utime 14,
    // stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
    if (tid === String(process.pid)) out.main += us;
    else if (name.startsWith('v8:Prof')) out.profiler += us;
    else out.other += us;
  }
  return out;
}

/** `after - before`, per group, in ms (rounded to 10 ms, the resolution). */
export function threadCpuMsBetween(before: ThreadCpu | null, after: ThreadCpu | null): ThreadCpu | null {
  if (before === null || after === null) return null;
  const ms = (key: keyof ThreadCpu): number => Math.round((after[key] - before[key]) / 1e4) * 10;
  return { main: ms('main'), profiler: ms('profiler'), other: ms('other') };
}
