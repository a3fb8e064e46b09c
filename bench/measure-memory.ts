/**
 * Memory of `llhls measure` over a run: how many bytes each sample leaves in memory (it should be
 * a few for the statistics' columns: samples go to samples.jsonl) and the peak RSS, for 1, 100
 * and 300 simulated viewers against `llhls serve` on loopback.
 *
 * Both are the compiled CLI in their own processes, as a user runs them (`npm run build` first):
 * `llhls serve --test-src --resolution 640x360` (0.1 s parts, 1 s segments), then for each viewer
 * count `llhls measure --viewers N --duration D --warmup 0`. Every second this reads the measure
 * process's VmRSS and VmHWM (/proc/<pid>/status) and the size of its samples.jsonl. Bytes per
 * sample is the slope of RSS over samples (least squares) in the second half of the run, after
 * the viewers' ramp and the heap's first growth; the projection to one hour adds that slope times
 * the hour's remaining samples to the RSS at the end. The run directories are removed (100 viewers
 * write ~2 MB of samples.jsonl a second).
 *
 * Run alone on an idle machine (figures: bench/results/measure-memory.json):
 *   npm run build && node --import tsx bench/measure-memory.ts [--viewers 1,100,300] [--duration 10m]
 * One hour of 100 viewers, the figure the README quotes:
 *   node --import tsx bench/measure-memory.ts --viewers 100 --duration 1h
 * Smoke check (seconds, nothing written): node --import tsx bench/measure-memory.ts --short
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/cli/duration.js';
import { startServeProcess } from './serve-process.js';

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const MB = 1024 * 1024;

interface Reading {
  /** Seconds since the measure process started. */
  atS: number;
  rssBytes: number;
  samplesBytes: number;
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

function countLines(path: string): number {
  let lines = 0;
  const buffer = readFileSync(path);
  for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) lines += 1;
  return lines;
}

async function pass(url: string, viewers: number, durationMs: number): Promise<PassResult> {
  const dir = await mkdtemp(join(tmpdir(), 'llhls-measure-memory-'));
  const out = join(dir, 'run');
  const samplesPath = join(out, 'samples.jsonl');
  const child = spawn(
    process.execPath,
    [
      ...[BIN, 'measure', '--url', url, '--viewers', String(viewers)],
      ...['--duration', `${durationMs}ms`, '--warmup', '0', '--out', out],
    ],
    // Progress on a pipe is a line every 5 s: dropped.
    { stdio: ['ignore', 'ignore', 'ignore'] },
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
    if (memory !== null) {
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
  await rm(dir, { recursive: true, force: true });
  const perSample = samples === 0 ? Number.NaN : totalBytes / samples;
  const measuring = readings.filter((r) => r.samplesBytes > 0);
  const secondHalf = measuring.slice(Math.floor(measuring.length / 2));
  const bytesPerSample = slope(secondHalf.map((r) => [r.samplesBytes / perSample, r.rssBytes]));
  const last = measuring.at(-1);
  const durationS = durationMs / 1000;
  const samplesPerSecond = samples / durationS;
  const rssAtEnd = last?.rssBytes ?? 0;
  const projected = rssAtEnd + Math.max(0, bytesPerSample) * samplesPerSecond * Math.max(0, 3600 - durationS);
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
        (result.projectedOneHourRssMB === null
          ? 'one hour: run 2 minutes or more to project'
          : `one hour: ~${result.projectedOneHourRssMB} MB`) +
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
