/**
 * Browser latency: `llhls serve` defaults (1280x720, 30 fps, 0.1 s parts), the compiled CLI in
 * its own process as a user runs it (`npm run build` first), played by hls.js in low-latency
 * mode with catch-up allowed, in headless Chromium; every displayed frame's capture_to_display (frame code looked up in /timestamps.json). Two passes:
 * the default PART-HOLD-BACK, then PART-HOLD-BACK = 2 x PART-TARGET. Reports p50/p95/p99 after
 * warm-up, stalls, startup and convergence; writes bench/results/browser-latency.json.
 *
 * Targets (issue 4): defaults p50 <= 400 ms, p95 <= 500 ms, no stall over 5 min; with
 * PART-HOLD-BACK at 2 x part target p50 <= 350 ms.
 *
 * hls.js runs as `llhls measure --client browser --catch-up` plays: low-latency mode, target
 * PART-HOLD-BACK, a seek back when 0.1 s later than that (src/browser/hlsjs-adapter.ts
 * `hlsJsCatchUpConfig`, which explains why a seek and not the playback rate).
 *
 *   node --import tsx bench/browser-latency.ts [--duration 5m] [--hls-config JSON] [--url URL]
 *     [--only defaults|part-hold-back-2x]
 *
 * `--url` measures a server that is already running instead (one pass). Runs for 2 x duration
 * plus start-up: do not run the 5-minute version while other work shares the machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BrowserClient } from '../src/browser/browser-client.js';
import { parsePlayerConfig } from '../src/browser/player-choice.js';
import { parseDuration } from '../src/cli/duration.js';
import type { ClientOutcome } from '../src/measure/measure-client.js';
import { distribution } from '../src/metrics/percentiles.js';
import { summarizeStalls } from '../src/metrics/stalls.js';
import { warmupEnd } from '../src/metrics/warmup.js';
import type { Distribution, EventSample, FrameSample, Sample, StallSample } from '../src/run/types.js';
import { startServeProcess } from './serve-process.js';

const here = fileURLToPath(new URL('.', import.meta.url));

interface PassResult {
  name: string;
  url: string;
  partHoldBack: number | null;
  durationMs: number;
  warmupMs: number;
  frames: number;
  captureToDisplay: Distribution | null;
  captureToDisplayPdt: Distribution | null;
  /** All stalls, by cause (StallSample): `underrun` ran out of media, `seek` the player's own
   *  seeks. */
  stalls: {
    count: number;
    totalMs: number;
    longestMs: number;
    afterWarmup: number;
    underrun: number;
    seek: number;
    underrunAfterWarmup: number;
  };
  /** Every stall: seconds after the pass started, how long, why, media buffered ahead (s). */
  stallList: Array<{ atS: number; durationMs: number; cause: string; bufferAhead: number | null }>;
  /** The player's own seeks (live-sync jumps, gap nudges): when, from, to, how long. */
  seeks: Array<{ atS: number; from: number; to: number; durationMs: number }>;
  startupMs: number | null;
  convergence: NonNullable<ClientOutcome['summary']>['convergence'] | null;
  lowLatency: string | null;
  counters: Record<string, number>;
  playerConfig: Record<string, unknown>;
  resolvedConfig: Record<string, unknown> | null;
}

async function pass(
  name: string,
  url: string,
  partHoldBack: number | null,
  durationMs: number,
  overrides: Record<string, unknown>,
): Promise<PassResult> {
  const samples: Sample[] = [];
  const startedAt = performance.timeOrigin + performance.now();
  const client = new BrowserClient({ catchUp: true, playerConfig: overrides });
  const outcome = await client.run({
    url,
    durationMs,
    signal: new AbortController().signal,
    // Same host, same clock: the server's clock is this process's.
    toServerTime: (t) => t,
    emit: (s) => samples.push(s),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const warmupMs = Math.min(10_000, durationMs / 3);
  const from = warmupEnd(samples, { client: 'browser', startedAt, warmupMs }).endsAt;
  const frames = samples.filter((s): s is FrameSample => s.type === 'frame' && s.display >= from);
  const stalls = samples.filter((s): s is StallSample => s.type === 'stall');
  const stallSummary = summarizeStalls(stalls, performance.timeOrigin + performance.now());
  const underruns = stalls.filter((s) => s.cause !== 'seek');
  const seeks = samples
    .filter((s): s is EventSample => s.type === 'event' && s.name === 'seek')
    .map((s) => {
      const d = s.detail as { from: number; to: number; durationMs: number };
      return {
        atS: Math.round(s.t - startedAt) / 1000,
        from: d.from,
        to: d.to,
        durationMs: Math.round(d.durationMs),
      };
    });
  const player = client.info().player;
  return {
    name,
    url,
    partHoldBack,
    durationMs,
    warmupMs: from - startedAt,
    frames: frames.length,
    captureToDisplay: distribution(
      frames.filter((f) => f.captureSource === 'frame-code').map((f) => f.capture_to_display!),
    ),
    captureToDisplayPdt: distribution(frames.flatMap((f) => f.capture_to_display_pdt ?? [])),
    stalls: {
      count: stallSummary.count,
      totalMs: stallSummary.totalMs,
      longestMs: stallSummary.longestMs,
      afterWarmup: stalls.filter((s) => s.start >= from).length,
      underrun: underruns.length,
      seek: stallSummary.seek?.count ?? 0,
      underrunAfterWarmup: underruns.filter((s) => s.start >= from).length,
    },
    stallList: stalls.map((s) => ({
      atS: Math.round(s.start - startedAt) / 1000,
      durationMs: Math.round(s.durationMs ?? 0),
      cause: s.cause ?? 'unknown',
      bufferAhead: s.bufferAhead === undefined ? null : Math.round(s.bufferAhead * 1000) / 1000,
    })),
    seeks,
    startupMs: outcome.summary?.startupMs ?? null,
    convergence: outcome.summary?.convergence ?? null,
    lowLatency: outcome.summary?.lowLatency?.verdict ?? null,
    counters: outcome.counters,
    playerConfig: player?.config ?? {},
    resolvedConfig: player?.resolvedConfig ?? null,
  };
}

function line(r: PassResult): string {
  const d = r.captureToDisplay;
  const f = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(0)} ms`);
  return (
    `${r.name}: capture_to_display p50 ${f(d?.p50)} p95 ${f(d?.p95)} p99 ${f(d?.p99)} max ${f(d?.max)} ` +
    `(${d?.count ?? 0} frames); stalls ${r.stalls.count} (${r.stalls.totalMs.toFixed(0)} ms; ` +
    `${r.stalls.underrun} underrun, ${r.stalls.seek} during the player's ${r.seeks.length} seeks; ` +
    `${r.stalls.afterWarmup} after warm-up); ` +
    `startup ${f(r.startupMs ?? undefined)}; ${r.lowLatency}`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5m' },
      'hls-config': { type: 'string' },
      url: { type: 'string' },
      // One pass only (defaults or part-hold-back-2x); the file keeps the other pass's last figures.
      only: { type: 'string' },
    },
  });
  const durationMs = parseDuration(values.duration, '--duration');
  const loadBefore = loadavg()[0];
  const overrides = parsePlayerConfig(values['hls-config'], '--hls-config');
  const results: PassResult[] = [];
  if (values.url !== undefined) {
    results.push(await pass('url', values.url, null, durationMs, overrides));
  } else {
    for (const [name, partHoldBack] of [
      ['defaults', null],
      ['part-hold-back-2x', 0.2],
    ] as const) {
      if (values.only !== undefined && values.only !== name) continue;
      const serve = await startServeProcess(
        partHoldBack === null ? [] : ['--part-hold-back', String(partHoldBack)],
      );
      try {
        results.push(await pass(name, serve.url, partHoldBack, durationMs, overrides));
      } finally {
        await serve.close();
      }
      process.stderr.write(`${line(results.at(-1)!)}\n`);
    }
  }
  const file = `${here}results/browser-latency.json`;
  // --only reruns one pass: the other passes of the last full run stay in the file, with the
  // time and load of the run that measured them.
  const kept: Array<PassResult & { at?: string; loadAverage?: unknown }> = [];
  if (values.only !== undefined && existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, 'utf8')) as {
      at: string;
      loadAverage: unknown;
      results: Array<PassResult & { at?: string; loadAverage?: unknown }>;
    };
    for (const r of previous.results)
      if (r.name !== values.only) kept.push({ at: previous.at, loadAverage: previous.loadAverage, ...r });
  }
  const out = {
    bench: 'browser-latency',
    at: new Date().toISOString(),
    host: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    // A shared machine skews everything: the 1-minute load average before and after the passes.
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    player: {
      name: 'hls.js',
      note: 'per pass: results[].playerConfig (passed, --catch-up) and resolvedConfig (what hls.js ran with)',
    },
    targets: { defaults: { p50: 400, p95: 500, stalls: 0 }, 'part-hold-back-2x': { p50: 350 } },
    results: [...kept, ...results],
  };
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  for (const r of results) process.stdout.write(`${line(r)}\n`);
}

await main();
