/**
 * Memory of `llhls measure` over a run: how many bytes each sample leaves in memory (it should be
 * a few for the statistics' columns: samples go to samples.jsonl) and the peak RSS, for 1, 100
 * and 300 simulated viewers against `llhls serve` on loopback.
 *
 * Both are the compiled CLI in their own processes, as a user runs them (`npm run build` first):
 * `llhls serve --test-src --resolution 640x360` (0.1 s parts, 1 s segments), then for each viewer
 * count `llhls measure --viewers N --duration D --warmup 0`. Every second this reads the measure
 * process's VmRSS and VmHWM (/proc/<pid>/status) and the size of its samples.jsonl.
 *
 * Two slopes, both least squares over the second half of the run (after the viewers' ramp):
 * - retained bytes per sample, the one that tells a leak: what the process still holds after each
 *   full GC (the old generation's live objects + ArrayBuffers; bench/gc-probe.mjs,
 *   loaded into the measure process with --import) against the samples measured by then. RSS
 *   follows V8's heap sizing, a sawtooth of tens of MB that a 2-minute RSS fit reads as growth
 *   or shrinkage; what survives a full GC only grows when something is kept.
 * - RSS bytes per sample, as before (kept for comparison; noisy for the reason above).
 * The one-hour projection from the retained slope is the peak RSS plus that slope times the
 * samples the rest of the hour brings (the heap's headroom scales with what is retained, so this
 * is a floor, not a ceiling, when the slope is large). The run directories are removed (100
 * viewers write ~1 MB of samples.jsonl a second).
 *
 * Run alone on an idle machine (figures: bench/results/measure-memory.json):
 *   npm run build && node --import tsx bench/measure-memory.ts [--viewers 1,100,300] [--duration 10m]
 * One hour of 100 viewers, the figure the README quotes:
 *   node --import tsx bench/measure-memory.ts --viewers 100 --duration 1h --out bench/results/measure-memory-1h.json
 * Smoke check (seconds, nothing written): node --import tsx bench/measure-memory.ts --short
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/cli/duration.js';
import { startServeProcess } from './serve-process.js';

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const GC_PROBE = new URL('./gc-probe.mjs', import.meta.url).href;
const MB = 1024 * 1024;

interface Reading {
  /** Seconds since the measure process started. */
  atS: number;
  rssBytes: number;
  samplesBytes: number;
}

/** One line of bench/gc-probe.mjs: the measure process just after a full GC. */
interface GcReading {
  /** Epoch ms. */
  at: number;
  oldGen: number;
  newGen: number;
  /** Memory outside the V8 heap, ArrayBuffers included. */
  external: number;
  arrayBuffers: number;
  rss: number;
}

interface PassResult {
  viewers: number;
  durationS: number;
  exitCode: number | null;
  samples: number;
  samplesPerSecond: number;
  /** samples.jsonl bytes per sample (on disk, not in memory). */
  diskBytesPerSample: number;
  /** RSS growth per sample over the second half of the run (least squares), bytes. */
  rssBytesPerSample: number;
  rssAtEndMB: number;
  peakRssMB: number;
  /** RSS at the end plus the slope times the samples the rest of an hour would bring; null for
   *  runs under 2 minutes, whose slope is the heap's first growth, not a steady state. */
  projectedOneHourRssMB: number | null;
  /** RSS every 10 s: [s, MB]. */
  rssMB: Array<[number, number]>;
  /** Full (mark-compact) GCs seen by bench/gc-probe.mjs. */
  majorGcs: number;
  /** What the process holds after a full GC (old generation + ArrayBuffers) against the
   *  samples measured by then, least squares over the second half of the run: bytes a sample
   *  leaves behind. null with fewer than 3 full GCs in the second half. */
  retainedBytesPerSample: number | null;
  /** Of that, the ArrayBuffers alone (the statistics' typed-array columns live there). */
  retainedArrayBufferBytesPerSample: number | null;
  /** The retained floor in the run's last window (see retainedSlopes), MB. */
  retainedAtEndMB: number | null;
  /** Peak RSS plus the retained slope times the samples the rest of an hour would bring; null
   *  without a retained slope or for runs under 2 minutes. */
  projectedOneHourRssFromRetainedMB: number | null;
  /** After each full GC (at most 60 points): [s, old generation MB, ArrayBuffers MB]. */
  retainedMB: Array<[number, number, number]>;
}

/** VmRSS and VmHWM of a process, bytes; null once it is gone. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return null;
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Lines of a file read in 1 MiB pieces: a one-hour run of 100 viewers writes ~4.5 GB, past
 *  what one Buffer (readFileSync) can hold. */
function countLines(path: string): number {
  let lines = 0;
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      for (let i = buffer.indexOf(10); i >= 0 && i < n; i = buffer.indexOf(10, i + 1)) lines += 1;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

async function pass(url: string, viewers: number, durationMs: number): Promise<PassResult> {
  const dir = await mkdtemp(join(tmpdir(), 'llhls-measure-memory-'));
  const out = join(dir, 'run');
  const samplesPath = join(out, 'samples.jsonl');
  const probePath = join(dir, 'gc.jsonl');
  const child = spawn(
    process.execPath,
    [
      ...['--import', GC_PROBE],
      ...[BIN, 'measure', '--url', url, '--viewers', String(viewers)],
      ...['--duration', `${durationMs}ms`, '--warmup', '0', '--out', out],
    ],
    // Progress on a pipe is a line every 5 s: dropped.
    { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, LLHLS_GC_PROBE_FILE: probePath } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  const readings: Reading[] = [];
  let peak = 0;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done) {
    const memory = memoryOf(child.pid ?? -1);
    // A process that is exiting has no VmRSS line any more: read as 0, it is no reading.
    if (memory !== null && memory.rss > 0) {
      peak = Math.max(peak, memory.hwm);
      const samplesBytes = await stat(samplesPath).then(
        (s) => s.size,
        () => 0,
      );
      readings.push({ atS: (Date.now() - started) / 1000, rssBytes: memory.rss, samplesBytes });
    }
    await Promise.race([sleep(1000), exited]);
  }
  const exitCode = await exited;
  const totalBytes = await stat(samplesPath).then(
    (s) => s.size,
    () => 0,
  );
  const samples = totalBytes === 0 ? 0 : countLines(samplesPath);
  const gcs = readGcProbe(probePath);
  await rm(dir, { recursive: true, force: true });
  const perSample = samples === 0 ? Number.NaN : totalBytes / samples;
  const measuring = readings.filter((r) => r.samplesBytes > 0);
  const secondHalf = measuring.slice(Math.floor(measuring.length / 2));
  const bytesPerSample = slope(secondHalf.map((r) => [r.samplesBytes / perSample, r.rssBytes]));
  const last = measuring.at(-1);
  const durationS = durationMs / 1000;
  const samplesPerSecond = samples / durationS;
  const rssAtEnd = last?.rssBytes ?? 0;
  const restOfHour = samplesPerSecond * Math.max(0, 3600 - durationS);
  const projected = rssAtEnd + Math.max(0, bytesPerSample) * restOfHour;
  const retained = retainedSlopes(gcs, readings, started, perSample);
  const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);
  return {
    viewers,
    durationS,
    exitCode,
    samples,
    samplesPerSecond: Math.round(samplesPerSecond),
    diskBytesPerSample: Math.round(perSample),
    rssBytesPerSample: Math.round(bytesPerSample * 10) / 10,
    rssAtEndMB: Math.round(rssAtEnd / MB),
    peakRssMB: Math.round(peak / MB),
    projectedOneHourRssMB: durationS >= 120 ? Math.round(projected / MB) : null,
    rssMB: readings
      .filter((_, i) => i % 10 === 0)
      .map((r) => [Math.round(r.atS), Math.round(r.rssBytes / MB)]),
    majorGcs: gcs.length,
    retainedBytesPerSample: round1(retained.total),
    retainedArrayBufferBytesPerSample: round1(retained.arrayBuffers),
    retainedAtEndMB: retained.floorAtEnd === null ? null : Math.round(retained.floorAtEnd / MB),
    projectedOneHourRssFromRetainedMB:
      retained.total === null || durationS < 120
        ? null
        : Math.round((peak + Math.max(0, retained.total) * restOfHour) / MB),
    retainedMB: gcs
      .filter((_, i) => i % Math.max(1, Math.ceil(gcs.length / 60)) === 0)
      .map((g) => [
        Math.round((g.at - started) / 1000),
        Math.round(g.oldGen / MB),
        Math.round(g.arrayBuffers / MB),
      ]),
  };
}

function readGcProbe(path: string): GcReading[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as GcReading);
}

/**
 * What a full GC left: the old generation's live objects and the ArrayBuffers (Buffers, the
 * statistics' typed-array columns). The rest of the memory outside the heap is left out: in a
 * 100-viewer run it jumped between ~11 and ~75 MB from one full GC to the next, with nothing
 * kept (RSS includes it).
 */
function retainedBytes(gc: GcReading): number {
  return gc.oldGen + gc.arrayBuffers;
}

/** Windows the second half of the run is cut into for the retained floor. */
const FLOOR_WINDOWS = 8;

/**
 * Retained bytes (and ArrayBuffer bytes) per sample: the slope of the floor of what survives full
 * GCs. Each full GC while the run measures (samples.jsonl still growing; the summary's arrays at
 * the end are not the run's) is placed at the samples measured by then, from the samples.jsonl
 * size read every second (linear between readings; `perSample` bytes a line). The second half is
 * cut into FLOOR_WINDOWS windows of time and the least in each is fitted: what is in flight when
 * a GC runs (responses read but not yet delivered, a part's bytes for 100 viewers: tens of MB
 * when the process falls behind on a loaded machine) comes and goes, what is kept stays in the
 * floor. Null with fewer than 3 windows holding a GC.
 */
function retainedSlopes(
  gcs: readonly GcReading[],
  readings: readonly Reading[],
  started: number,
  perSample: number,
): { total: number | null; arrayBuffers: number | null; floorAtEnd: number | null } {
  const samplesAt = (atS: number): number => {
    const after = readings.findIndex((r) => r.atS >= atS);
    if (after < 0) return (readings.at(-1)?.samplesBytes ?? 0) / perSample;
    const b = readings[after] as Reading;
    const a = readings[after - 1];
    if (a === undefined || b.atS === a.atS) return b.samplesBytes / perSample;
    return (
      (a.samplesBytes + ((b.samplesBytes - a.samplesBytes) * (atS - a.atS)) / (b.atS - a.atS)) / perSample
    );
  };
  const growing = readings.filter(
    (r, i) => i > 0 && r.samplesBytes > (readings[i - 1] as Reading).samplesBytes,
  );
  const from = growing[0]?.atS ?? 0;
  const to = growing.at(-1)?.atS ?? 0;
  const half = (from + to) / 2;
  const width = (to - half) / FLOOR_WINDOWS;
  const floors: Array<{ samples: number; gc: GcReading } | undefined> = [];
  for (const gc of gcs) {
    const atS = (gc.at - started) / 1000;
    if (atS < half || atS > to || width <= 0) continue;
    const w = Math.min(FLOOR_WINDOWS - 1, Math.floor((atS - half) / width));
    const floor = floors[w];
    if (floor === undefined || retainedBytes(gc) < retainedBytes(floor.gc)) {
      floors[w] = { samples: samplesAt(atS), gc };
    }
  }
  const points = floors.filter((f) => f !== undefined);
  const last = points.at(-1);
  const floorAtEnd = last === undefined ? null : retainedBytes(last.gc);
  if (points.length < 3 || !Number.isFinite(perSample))
    return { total: null, arrayBuffers: null, floorAtEnd };
  return {
    total: slope(points.map((p) => [p.samples, retainedBytes(p.gc)])),
    arrayBuffers: slope(points.map((p) => [p.samples, p.gc.arrayBuffers])),
    floorAtEnd,
  };
}

const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1,100,300' },
    duration: { type: 'string', default: '10m' },
    short: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const short = values.short === true;
const viewerCounts = (short ? '1,100' : (values.viewers ?? '1,100,300')).split(',').map(Number);
const durationMs = short ? 20_000 : parseDuration(values.duration ?? '10m', '--duration', { minMs: 20_000 });

const serve = await startServeProcess(['--resolution', '640x360']);
const results: PassResult[] = [];
try {
  for (const viewers of viewerCounts) {
    const result = await pass(serve.url, viewers, durationMs);
    results.push(result);
    console.log(
      `${viewers} viewer(s), ${result.durationS} s: ${result.samples} samples (${result.samplesPerSecond}/s, ` +
        `${result.diskBytesPerSample} B each on disk); RSS +${result.rssBytesPerSample} B a sample, ` +
        `${result.rssAtEndMB} MB at the end, peak ${result.peakRssMB} MB; ` +
        (result.retainedBytesPerSample === null
          ? `retained: too few full GCs (${result.majorGcs}) to fit; `
          : `retained after full GCs +${result.retainedBytesPerSample} B a sample ` +
            `(ArrayBuffers +${result.retainedArrayBufferBytesPerSample}), ${result.retainedAtEndMB} MB at the end; `) +
        (result.projectedOneHourRssMB === null
          ? 'one hour: run 2 minutes or more to project'
          : `one hour: ~${result.projectedOneHourRssMB} MB from RSS, ` +
            `~${result.projectedOneHourRssFromRetainedMB ?? '?'} MB from what is retained`) +
        (result.exitCode === 0 ? '' : ` (exit ${result.exitCode})`),
    );
  }
} finally {
  await serve.close();
}
if (!short) {
  const file = values.out ?? fileURLToPath(new URL('./results/measure-memory.json', import.meta.url));
  mkdirSync(join(file, '..'), { recursive: true });
  const doc = {
    benchmark: 'measure-memory',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    serve: '--test-src --resolution 640x360 (0.1 s parts, 1 s segments)',
    results,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`written to ${file}`);
}
