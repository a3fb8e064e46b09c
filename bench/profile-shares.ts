/**
 * Where a server's CPU went, from a V8 CPU profile (`--cpu-prof`), by whose work it was: the
 * origin's (streamer/origin/ and what only it calls: playlist and timestamps rendering, the reload
 * decision, Server-Timing), the streamer's (reading, demuxing, packaging FFmpeg's output), node
 * alone (HTTP parsing, sockets, timers with none of our frames on the stack), GC on the main
 * thread, and the rest V8 names `(program)`. A sample counts for the innermost of our frames on its
 * stack, so node:http work done inside an origin call (writing a response) is the origin's.
 *
 *   node --import tsx bench/profile-shares.ts <file.cpuprofile> [fanout.json] [--top N]
 *     [--between FROM,TO] [--requests N]
 *
 * With a fanout.json written by a profiled run (`FANOUT_SERVER_PROF=<dir>`: it keeps the windows
 * of the idle measurement and of each step on the monotonic clock), the shares are given per
 * window, per second and per request; without, over the whole profile, or over `--between`
 * (seconds from the profile's start, e.g. a floor server's measured 5 s: `--between 2,7`) with
 * `--requests` answered in it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A window of the profiled run, monotonic µs (`process.hrtime`'s clock, as V8's profile's). */
export interface ProfileWindow {
  name: string;
  startUs: number;
  endUs: number;
  /** Requests answered in the window, when known. */
  requests?: number;
}

export const Owner = {
  Origin: 'origin',
  Streamer: 'streamer',
  Node: 'node',
  Gc: 'gc',
  Program: 'program',
  Idle: 'idle',
} as const;
export type Owner = (typeof Owner)[keyof typeof Owner];

/** Files under streamer/packager/ that only the origin calls (rendering what it serves). */
const ORIGIN_FILES =
  /\/(streamer\/origin\/|streamer\/packager\/(playlist|timestamps-view|blocking-reload|multivariant-playlist)\.|src\/server-timing\.)/;
/** Our files that any side calls (the clock, the event emitter): they say nothing of whose work. */
const NEUTRAL_FILES = /\/(src\/epoch-now|src\/event-surface|bench\/)/;
const OURS = /\/(streamer|src)\//;

function ownerOfFrame(url: string): Owner | null {
  if (url === '' || url.startsWith('node:') || url.includes('/node_modules/')) return null;
  if (NEUTRAL_FILES.test(url)) return null;
  if (ORIGIN_FILES.test(url)) return Owner.Origin;
  if (OURS.test(url)) return Owner.Streamer;
  return null;
}

function ownerOfRoot(name: string): Owner {
  if (name === '(garbage collector)') return Owner.Gc;
  if (name === '(idle)') return Owner.Idle;
  if (name === '(program)') return Owner.Program;
  return Owner.Node;
}

export interface Shares {
  /** Sampled µs by owner. */
  owners: Record<Owner, number>;
  /** Of `owners`, µs in our own functions' code (self time), not in node's they call. */
  ownCode: Record<Owner, number>;
  /** Self µs by function (`name file:line`), our functions and node's alike. */
  functions: Map<string, number>;
  /** Inclusive µs of origin functions (each counted once per sample). */
  originInclusive: Map<string, number>;
  totalUs: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(dist|node_modules)\//, '').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** The shares of every window (the whole profile when `windows` is empty). */
export function profileShares(profile: CpuProfile, windows: ProfileWindow[]): Map<string, Shares> {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  // Per node: its owner and the origin functions on its stack, computed once.
  const ownerOf = new Map<number, Owner>();
  const originStack = new Map<number, string[]>();
  for (const node of profile.nodes) {
    let owner: Owner | null = null;
    const stack: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id) as ProfileNode;
      const o = ownerOfFrame(n.callFrame.url);
      if (owner === null && o !== null) owner = o;
      if (o === Owner.Origin && !stack.includes(label(n))) stack.push(label(n));
    }
    // (garbage collector), (idle) and (program) are leaves right under the root.
    ownerOf.set(node.id, owner ?? ownerOfRoot(node.callFrame.functionName));
    originStack.set(node.id, stack);
  }
  const all = windows.length === 0 ? [{ name: 'profile', startUs: -Infinity, endUs: Infinity }] : windows;
  const out = new Map<string, Shares>();
  for (const w of all) {
    out.set(w.name, {
      owners: { origin: 0, streamer: 0, node: 0, gc: 0, program: 0, idle: 0 },
      ownCode: { origin: 0, streamer: 0, node: 0, gc: 0, program: 0, idle: 0 },
      functions: new Map(),
      originInclusive: new Map(),
      totalUs: 0,
    });
  }
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i] as number;
    for (const w of all) {
      if (t < w.startUs || t >= w.endUs) continue;
      const s = out.get(w.name) as Shares;
      const owner = ownerOf.get(id) as Owner;
      s.owners[owner] += dt;
      if (ownerOfFrame((byId.get(id) as ProfileNode).callFrame.url) !== null) s.ownCode[owner] += dt;
      s.totalUs += dt;
      const name = label(byId.get(id) as ProfileNode);
      s.functions.set(name, (s.functions.get(name) ?? 0) + dt);
      for (const f of originStack.get(id) ?? [])
        s.originInclusive.set(f, (s.originInclusive.get(f) ?? 0) + dt);
    }
  }
  return out;
}

function top(map: Map<string, number>, n: number): Array<[string, number]> {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const n = Number(option('--top') ?? 15);
  const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const profile = JSON.parse(readFileSync(files[0] as string, 'utf8')) as CpuProfile;
  const between = option('--between')?.split(',').map(Number);
  const requests = option('--requests');
  const windows: ProfileWindow[] =
    between !== undefined
      ? [
          {
            name: `${between[0]}-${between[1]} s`,
            startUs: profile.startTime + (between[0] ?? 0) * 1e6,
            endUs: profile.startTime + (between[1] ?? 0) * 1e6,
            ...(requests === undefined ? {} : { requests: Number(requests) }),
          },
        ]
      : files[1] === undefined
        ? []
        : ((JSON.parse(readFileSync(files[1], 'utf8')) as { profileWindows?: ProfileWindow[] })
            .profileWindows ?? []);
  const byWindow = profileShares(profile, windows);
  for (const [name, s] of byWindow) {
    const w = windows.find((x) => x.name === name);
    const seconds =
      w === undefined ? (profile.endTime - profile.startTime) / 1e6 : (w.endUs - w.startUs) / 1e6;
    const busy = s.totalUs - s.owners.idle;
    const perSecond = (us: number): string => `${(us / 1000 / seconds).toFixed(1)} ms/s`;
    const perRequest = (us: number): string =>
      w?.requests ? `, ${(us / w.requests).toFixed(1)} µs/req` : '';
    console.log(
      `\n== ${name}: ${seconds.toFixed(1)} s, main thread busy ${perSecond(busy)}${perRequest(busy)}`,
    );
    for (const owner of Object.values(Owner)) {
      if (owner === Owner.Idle) continue;
      const us = s.owners[owner];
      const share = busy > 0 ? ((us / busy) * 100).toFixed(1) : '0';
      const own = s.ownCode[owner];
      console.log(
        `  ${owner.padEnd(9)} ${share.padStart(5)}%  ${perSecond(us)}${perRequest(us)}` +
          (own > 0
            ? `  (its own code ${((own / busy) * 100).toFixed(1)}%, ${perSecond(own)}${perRequest(own)})`
            : ''),
      );
    }
    console.log('  top self (busy):');
    for (const [f, us] of top(s.functions, n + 1)) {
      if (f.startsWith('(idle)')) continue;
      console.log(`    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${f}`);
    }
    console.log('  origin functions, inclusive:');
    for (const [f, us] of top(s.originInclusive, n)) {
      console.log(`    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${perSecond(us)}  ${f}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
