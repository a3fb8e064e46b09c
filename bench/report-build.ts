/**
 * How long `llhls report` takes, and how large report.html gets, for a long two-client run.
 * The run is synthesised from a real short one (test/fixtures/runs/both-short: llhls serve +
 * llhls measure --client node,browser, 10 s): its samples after warm-up are replicated end to end,
 * every instant shifted by the copy's offset and media sequence numbers by the copy's, until the
 * run lasts `minutes` (default 10). The samples are real measurements; only their count is made
 * up. Timed: reading the run through src/run (schema validation of every line), building and
 * rendering the report without PNGs, then the PNGs (headless Chromium) on their own.
 *
 *   node --import tsx bench/report-build.ts [minutes=10] [--no-png]
 *
 * Writes bench/results/report-build.json. Run alone.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuns } from '../reports/load-runs.js';
import { writeReport } from '../reports/write-report.js';
import { summarize } from '../src/metrics/summarize.js';
import { readRun } from '../src/run/run-reader.js';
import type { RunInfo, Sample } from '../src/run/types.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = join(here, '..', 'test', 'fixtures', 'runs', 'both-short');
const SEQUENCE_KEYS = new Set(['msn', 'lastMsn', 'mediaSequence']);

/** A deep copy with every epoch-ms instant moved by `dt` and every media sequence by `dMsn`. */
function shifted(value: unknown, dt: number, dMsn: number, key = ''): unknown {
  if (typeof value === 'number') {
    if (SEQUENCE_KEYS.has(key)) return value + dMsn;
    return value > 1e12 ? value + dt : value;
  }
  if (Array.isArray(value)) return value.map((v) => shifted(v, dt, dMsn));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shifted(v, dt, dMsn, k);
    return out;
  }
  return value;
}

async function synthesise(dir: string, minutes: number): Promise<{ samples: number; bytes: number }> {
  const read = await readRun(SOURCE);
  const info = read.info as RunInfo;
  const from = info.startedAt + info.warmupMs;
  const to = info.endedAt as number;
  const body = read.samples.filter((s) => s.t >= from && s.t < to);
  const msns = body.flatMap((s) => ('msn' in s && typeof s.msn === 'number' ? [s.msn] : []));
  const msnSpan = Math.max(...msns) - Math.min(...msns) + 1;
  const span = to - from;
  const samples: Sample[] = read.samples.filter((s) => s.t < from);
  const endedAt = info.startedAt + minutes * 60_000;
  for (let k = 0; from + k * span < endedAt; k += 1) {
    for (const s of body) {
      const copy = shifted(s, k * span, k * msnSpan) as Sample;
      if (copy.t < endedAt) samples.push(copy);
    }
  }
  const long: RunInfo = {
    ...info,
    id: 'report-bench',
    label: 'report-bench',
    durationMs: minutes * 60_000,
    endedAt,
  };
  const summary = summarize({ info: long, samples, outcomes: [], endedAt, status: 'complete' });
  summary.findings = read.summary?.findings ?? [];
  await writeFile(join(dir, 'run.json'), JSON.stringify(long, null, 2));
  // In pieces: a long run's samples.jsonl is larger than a string can be (~512 MiB).
  let bytes = 0;
  const out = await open(join(dir, 'samples.jsonl'), 'w');
  try {
    for (let at = 0; at < samples.length; at += 10_000) {
      const piece = `${samples
        .slice(at, at + 10_000)
        .map((s) => JSON.stringify(s))
        .join('\n')}\n`;
      bytes += Buffer.byteLength(piece);
      await out.write(piece);
    }
  } finally {
    await out.close();
  }
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  return { samples: samples.length, bytes };
}

const args = process.argv.slice(2);
const minutes = Number(args.find((a) => !a.startsWith('-')) ?? 10);
const png = !args.includes('--no-png');
const work = await mkdtemp(join(tmpdir(), 'llhls-report-bench-'));
try {
  const run = join(work, 'run');
  mkdirSync(run);
  const made = await synthesise(run, minutes);
  const t0 = performance.now();
  const runs = await loadRuns([run]);
  const t1 = performance.now();
  const report = await writeReport(runs, { out: join(work, 'report'), png: false });
  const t2 = performance.now();
  // The same report again with PNGs: the difference is what Chromium adds.
  let pngMs: number | null = null;
  let charts: number | null = null;
  if (png) {
    const withPng = await writeReport(runs, { out: join(work, 'report-png'), png: true });
    pngMs = Math.round(performance.now() - t2 - (t2 - t1));
    charts = withPng.files.png.length;
  }
  const html = (await stat(join(report.dir, 'report.html'))).size;
  const figures = {
    benchmark: 'report-build',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    run: {
      synthesisedFrom:
        'test/fixtures/runs/both-short (llhls serve + llhls measure --client node,browser, 10 s)',
      minutes,
      clients: ['node', 'browser'],
      samples: made.samples,
      samplesJsonlBytes: made.bytes,
    },
    readMs: Math.round(t1 - t0),
    buildAndRenderMs: Math.round(t2 - t1),
    pngMs,
    charts,
    htmlBytes: html,
    samplesCsvBytes: (await stat(join(report.dir, 'samples.csv'))).size,
  };
  console.log(JSON.stringify(figures, null, 2));
  const results = join(here, 'results');
  if (!existsSync(results)) mkdirSync(results);
  writeFileSync(join(results, 'report-build.json'), `${JSON.stringify(figures, null, 2)}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
