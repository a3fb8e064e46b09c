/**
 * Browser latency: `llhls serve` defaults (1280x720, 30 fps, 0.1 s parts), the compiled CLI in
 * its own process as a user runs it (`npm run build` first), played in low-latency mode with
 * catch-up allowed, in headless Chromium; every displayed frame's capture_to_display (frame code
 * looked up in /timestamps.json). Passes, each against a fresh `llhls serve`:
 *   - defaults: MPEG-TS parts, hls.js, the default PART-HOLD-BACK;
 *   - part-hold-back-2x: the same with PART-HOLD-BACK = 2 x PART-TARGET;
 *   - fmp4-hls.js: CMAF parts (`--container fmp4`), hls.js, playlist.m3u8;
 *   - fmp4-shaka: CMAF parts, Shaka Player, master.m3u8 (Shaka wants CODECS);
 *   - gstreamer-hls.js: `llhls serve --engine gstreamer` (the design before LL-HLS: 1 s
 *     fragmented-MP4 files from GStreamer's splitmuxsink, one part per segment), hls.js: what
 *     true partial segments buy over it, beside the main packager on the same machine.
 * Same machine, same stream settings, same catch-up target (PART-HOLD-BACK) for all: defaults,
 * fmp4-hls.js and fmp4-shaka compare the containers and the players. Reports p50/p95/p99 after
 * warm-up, stalls, startup and convergence; writes bench/results/browser-latency.json.
 *
 * Targets (issue 4): defaults p50 <= 400 ms, p95 <= 500 ms, no stall over 5 min; with
 * PART-HOLD-BACK at 2 x part target p50 <= 350 ms.
 *
 * The players run as `llhls measure --client browser --catch-up` plays them: hls.js aims at
 * PART-HOLD-BACK and seeks back when 0.1 s later than that (src/browser/hlsjs-adapter.ts
 * `hlsJsCatchUpConfig`, which explains why a seek and not the playback rate); Shaka plays at up
 * to 1.5x until within 0.1 s of it (src/browser/shaka-adapter.ts `shakaCatchUpConfig`).
 *
 *   node --import tsx bench/browser-latency.ts [--duration 5m] [--only PASS[,PASS...]]
 *     [--repeat N] [--hls-config JSON] [--shaka-config JSON] [--url URL]
 *
 * `--repeat N` runs the chosen passes N times, interleaved (A B C A B C ...), so slow drift of
 * the machine does not favour one; hls.js lands at a different latency run to run (FINDINGS.md).
 * `--url` measures a server that is already running instead (one hls.js pass). Runs for
 * passes x repeats x duration plus start-up: do not run long versions while other work shares
 * the machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BrowserClient } from '../src/browser/browser-client.js';
import { PLAYER_ADAPTERS, PlayerName, parsePlayerConfig } from '../src/browser/player-choice.js';
import { parseDuration } from '../src/cli/duration.js';
import { distribution } from '../src/metrics/percentiles.js';
import { summarizeStalls } from '../src/metrics/stalls.js';
import { warmupEnd } from '../src/metrics/warmup.js';
import type { ClientOutcome } from '../src/run/measure-client.js';
import type { Distribution, EventSample, FrameSample, Sample, StallSample } from '../src/run/types.js';
import { Container } from '../streamer/packager/container.js';
import { startServeProcess } from './serve-process.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** One configuration measured: the engine, the stream's container, the player, PART-HOLD-BACK. */
interface PassSpec {
  name: string;
  engine: 'llhls' | 'gstreamer';
  container: Container;
  player: PlayerName;
  /** null: llhls serve's default. */
  partHoldBack: number | null;
}

const PASSES: readonly PassSpec[] = [
  {
    name: 'defaults',
    engine: 'llhls',
    container: Container.Ts,
    player: PlayerName.HlsJs,
    partHoldBack: null,
  },
  {
    name: 'part-hold-back-2x',
    engine: 'llhls',
    container: Container.Ts,
    player: PlayerName.HlsJs,
    partHoldBack: 0.2,
  },
  {
    name: 'fmp4-hls.js',
    engine: 'llhls',
    container: Container.Fmp4,
    player: PlayerName.HlsJs,
    partHoldBack: null,
  },
  {
    name: 'fmp4-shaka',
    engine: 'llhls',
    container: Container.Fmp4,
    player: PlayerName.Shaka,
    partHoldBack: null,
  },
  {
    name: 'gstreamer-hls.js',
    engine: 'gstreamer',
    container: Container.Fmp4,
    player: PlayerName.HlsJs,
    partHoldBack: null,
  },
];

interface PassResult {
  name: string;
  /** 1-based, with --repeat. */
  run: number;
  engine: 'llhls' | 'gstreamer';
  container: Container;
  player: { name: string; version: string };
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
  spec: PassSpec,
  run: number,
  url: string,
  durationMs: number,
  overrides: Record<string, unknown>,
): Promise<PassResult> {
  const { name, partHoldBack } = spec;
  const samples: Sample[] = [];
  const startedAt = performance.timeOrigin + performance.now();
  const client = new BrowserClient({
    catchUp: true,
    player: PLAYER_ADAPTERS[spec.player],
    playerConfig: overrides,
  });
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
    run,
    engine: spec.engine,
    container: spec.container,
    player: { name: player?.name ?? spec.player, version: player?.version ?? 'unknown' },
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
    `${r.name} #${r.run} (${r.container}, ${r.player.name} ${r.player.version}): capture_to_display p50 ${f(d?.p50)} p95 ${f(d?.p95)} p99 ${f(d?.p99)} max ${f(d?.max)} ` +
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
      'shaka-config': { type: 'string' },
      url: { type: 'string' },
      // Some passes only (comma-separated names); the file keeps the other passes' last figures.
      only: { type: 'string' },
      repeat: { type: 'string', default: '1' },
    },
  });
  const durationMs = parseDuration(values.duration, '--duration');
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) throw new Error('--repeat expects 1 to 20');
  const only = values.only?.split(',').map((n) => n.trim());
  const unknown = only?.filter((n) => !PASSES.some((p) => p.name === n)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `--only: no pass ${unknown.join(', ')} (passes: ${PASSES.map((p) => p.name).join(', ')})`,
    );
  const loadBefore = loadavg()[0];
  const overrides: Record<PlayerName, Record<string, unknown>> = {
    [PlayerName.HlsJs]: parsePlayerConfig(values['hls-config'], '--hls-config'),
    [PlayerName.Shaka]: parsePlayerConfig(values['shaka-config'], '--shaka-config'),
  };
  const results: PassResult[] = [];
  if (values.url !== undefined) {
    const spec = { ...PASSES[0]!, name: 'url' };
    results.push(await pass(spec, 1, values.url, durationMs, overrides[spec.player]));
  } else {
    const chosen = PASSES.filter((p) => only === undefined || only.includes(p.name));
    for (let run = 1; run <= repeat; run++) {
      for (const spec of chosen) {
        const serve = await startServeProcess([
          '--engine',
          spec.engine,
          '--container',
          spec.container,
          ...(spec.partHoldBack === null ? [] : ['--part-hold-back', String(spec.partHoldBack)]),
        ]);
        // Shaka guesses no codecs: it gets the multivariant playlist with CODECS.
        const url = spec.player === PlayerName.Shaka ? serve.multivariant : serve.url;
        try {
          results.push(await pass(spec, run, url, durationMs, overrides[spec.player]));
        } finally {
          await serve.close();
        }
        process.stderr.write(`${line(results.at(-1)!)}\n`);
      }
    }
  }
  const file = `${here}results/browser-latency.json`;
  // --only reruns one pass: the other passes of the last full run stay in the file, with the
  // time and load of the run that measured them.
  const kept: Array<PassResult & { at?: string; loadAverage?: unknown }> = [];
  if (only !== undefined && existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, 'utf8')) as {
      at: string;
      loadAverage: unknown;
      results: Array<PassResult & { at?: string; loadAverage?: unknown }>;
    };
    for (const r of previous.results)
      if (!only.includes(r.name)) kept.push({ at: previous.at, loadAverage: previous.loadAverage, ...r });
  }
  const out = {
    bench: 'browser-latency',
    at: new Date().toISOString(),
    host: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    // A shared machine skews everything: the 1-minute load average before and after the passes.
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    players: {
      note: 'per pass: results[].player, playerConfig (passed, --catch-up) and resolvedConfig (what the player ran with)',
    },
    targets: { defaults: { p50: 400, p95: 500, stalls: 0 }, 'part-hold-back-2x': { p50: 350 } },
    results: [...kept, ...results],
  };
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  for (const r of results) process.stdout.write(`${line(r)}\n`);
  if (repeat > 1) for (const l of byPass(results)) process.stdout.write(`${l}\n`);
}

/** Per pass over its runs: the median of the runs' p50s, and their range. */
function byPass(results: readonly PassResult[]): string[] {
  const names = [...new Set(results.map((r) => r.name))];
  return names.map((name) => {
    const p50s = results
      .filter((r) => r.name === name)
      .flatMap((r) => (r.captureToDisplay === null ? [] : [r.captureToDisplay.p50]))
      .sort((a, b) => a - b);
    if (p50s.length === 0) return `${name}: no capture_to_display`;
    const median = p50s[(p50s.length - 1) >> 1]!;
    return `${name}: capture_to_display p50 over ${p50s.length} runs: median ${median.toFixed(0)} ms, ${p50s[0]!.toFixed(0)}-${p50s.at(-1)!.toFixed(0)} ms`;
  });
}

await main();
