import { setMaxListeners } from 'node:events';
import { arch, availableParallelism, hostname, platform } from 'node:os';
import { isLlhlsError, LlhlsError, LlhlsErrorCode } from '../errors.js';
import { summarize } from '../metrics/summarize.js';
import { DEFAULT_WARMUP_MS } from '../metrics/warmup.js';
import { prepareRunDir } from '../run/run-dir.js';
import { RunFiles } from '../run/run-files.js';
import { RunWriter } from '../run/run-writer.js';
import { type ClockOffset, RUN_SCHEMA, type RunInfo, type RunSummary, type Sample } from '../run/types.js';
import { clockDrift, clockWarnings } from './clock-warnings.js';
import type { ClientOutcome, MeasureClient, MeasureContext } from './measure-client.js';
import { ProgressReporter, type ProgressSink, ProgressState } from './progress.js';
import { fetchStreamInfo } from './stream-info.js';

/** Measures the offset (client minus server) against the stream's server. */
export type ClockProbe = (url: string, options: { signal: AbortSignal }) => Promise<ClockOffset>;

export const DEFAULT_MAX_CLOCK_UNCERTAINTY_MS = 5;
/** How long clients get to return once stopped before the run is written without them. */
const STOP_GRACE_MS = 15_000;

export interface MeasureOptions {
  url: string;
  clients: MeasureClient[];
  durationMs: number;
  /** Default 10 s (MEASUREMENT.md). */
  warmupMs?: number;
  /** Default: the URL's host. */
  label?: string | undefined;
  /** `--out`; default `<runsRoot>/<YYYYMMDD-HHMMSS>-<label>`. */
  out?: string | undefined;
  runsRoot?: string;
  /** Skip the clock probe and record offset 0 with method `assumed`. */
  assumeSynced?: boolean;
  maxClockUncertaintyMs?: number;
  /** argv as typed, recorded in run.json. */
  command?: string[];
  /** The streamer's configuration when llhls started it (demo, compare), recorded in run.json. */
  streamer?: Record<string, unknown> | null;
  toolVersion?: string;
  stopGraceMs?: number;
}

export interface MeasureHooks {
  /** Ctrl-C: stop the clients and write the run with status `interrupted`. */
  signal?: AbortSignal;
  /** How the clock offset is measured unless --assume-synced (the CLI passes llhls clock's probe). */
  measureClock?: ClockProbe;
  /** Live progress (stderr in the CLI); none when omitted. */
  progress?: ProgressSink;
  /** Client epoch ms; tests may shift it. */
  now?: () => number;
}

export interface MeasureResult {
  dir: string;
  info: RunInfo;
  summary: RunSummary;
}

const wallClock = (): number => performance.timeOrigin + performance.now();

function assumed(now: number): ClockOffset {
  return { method: 'assumed', offsetMs: 0, uncertaintyMs: null, measuredAt: now, probes: 0, bestRttMs: null };
}

function checkOptions(options: MeasureOptions): URL {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--url ${options.url} is not a URL: pass e.g. http://host:8080/stream.m3u8`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `--url must be http:// or https://, got ${options.url}`);
  }
  if (options.clients.length === 0)
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      '--client names no client: use node, browser or node,browser',
    );
  if (!(options.durationMs > 0))
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--duration must be above 0, got ${options.durationMs} ms`,
    );
  if ((options.warmupMs ?? 0) < 0)
    throw new LlhlsError(LlhlsErrorCode.InvalidFlag, '--warmup must not be negative');
  return url;
}

/**
 * One `llhls measure` run: measures the clock offset, starts every client on the stream at
 * once with a context that converts their instants to the server clock, writes each sample as it
 * comes, stops them at the duration or on abort, measures the offset again, summarizes and writes
 * the run. Returns the summary (and where the run is).
 *
 * Failure policy: a client that throws (an LlhlsError such as an unreachable URL, or a bug) stops
 * the others. If nothing was measured yet, the half-made run directory is removed and the error
 * rethrown; otherwise the run is written with status `failed` and the error rethrown.
 */
export async function runMeasure(options: MeasureOptions, hooks: MeasureHooks = {}): Promise<MeasureResult> {
  const url = checkOptions(options);
  const now = hooks.now ?? wallClock;
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const maxUncertainty = options.maxClockUncertaintyMs ?? DEFAULT_MAX_CLOCK_UNCERTAINTY_MS;
  const userSignal = hooks.signal ?? new AbortController().signal;

  if (!options.assumeSynced && hooks.measureClock === undefined) {
    throw new Error('runMeasure: pass hooks.measureClock or assumeSynced');
  }
  const probe = hooks.measureClock;
  const interruptedEarly = (): LlhlsError =>
    new LlhlsError(LlhlsErrorCode.Interrupted, 'interrupted before the run started: nothing was measured', {
      exitCode: 130,
    });
  let before: ClockOffset;
  try {
    before =
      options.assumeSynced || probe === undefined
        ? assumed(now())
        : await probe(options.url, { signal: userSignal });
  } catch (error) {
    throw userSignal.aborted ? interruptedEarly() : error;
  }
  if (userSignal.aborted) throw interruptedEarly();
  const offset = before.offsetMs;
  const toServerTime = (clientEpochMs: number): number => clientEpochMs - offset;

  const runDir = await prepareRunDir({
    out: options.out,
    label: options.label ?? url.host,
    at: new Date(now()),
    ...(options.runsRoot === undefined ? {} : { runsRoot: options.runsRoot }),
  });
  const writer = await RunWriter.open(runDir);
  const startedAt = toServerTime(now());
  const info: RunInfo = {
    schema: RUN_SCHEMA,
    id: runDir.id,
    label: options.label ?? url.host,
    url: options.url,
    tool: { name: 'llhls', version: options.toolVersion ?? '0.0.0' },
    command: options.command ?? [],
    clients: options.clients.map((c) => c.info()),
    host: {
      hostname: hostname(),
      platform: platform(),
      arch: arch(),
      cpus: availableParallelism(),
      node: process.version,
    },
    stream: null,
    streamer: options.streamer ?? null,
    clock: {
      before,
      after: null,
      driftMs: null,
      appliedOffsetMs: offset,
      warnings: clockWarnings(before, null, maxUncertainty),
    },
    startedAt,
    endedAt: null,
    durationMs: options.durationMs,
    warmupMs,
    status: 'running',
    error: null,
    files: { samples: RunFiles.Samples, summary: RunFiles.Summary },
  };
  await writer.writeInfo(info);

  const stop = new AbortController();
  // Every client and its requests listen on this one signal.
  setMaxListeners(0, stop.signal);
  const onUserAbort = (): void => stop.abort(userSignal.reason);
  userSignal.addEventListener('abort', onUserAbort, { once: true });
  if (userSignal.aborted) onUserAbort();
  const timer = setTimeout(() => stop.abort(new Error('duration reached')), options.durationMs);

  const samples: Sample[] = [];
  const state = new ProgressState(options.clients.map((c) => c.kind));
  const progress =
    hooks.progress === undefined
      ? null
      : new ProgressReporter({ sink: hooks.progress, state, now, totalMs: options.durationMs });
  const log = (line: string): void => progress?.log(line);
  const ctx: MeasureContext = {
    url: options.url,
    durationMs: options.durationMs,
    signal: stop.signal,
    toServerTime,
    emit(sample) {
      samples.push(sample);
      writer.append(sample);
      state.onSample(sample);
    },
    log,
  };

  const streamInfo = fetchStreamInfo(options.url, stop.signal);
  const failures: unknown[] = [];
  const outcomes: ClientOutcome[] = [];
  const runs = options.clients.map((client) =>
    client.run(ctx).then(
      (outcome) => {
        outcomes.push(outcome);
      },
      (error: unknown) => {
        failures.push(error);
        stop.abort(error);
      },
    ),
  );
  const allDone = Promise.all(runs);
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    const start = (): void => {
      graceTimer = setTimeout(() => resolve('late'), options.stopGraceMs ?? STOP_GRACE_MS);
    };
    if (stop.signal.aborted) start();
    else stop.signal.addEventListener('abort', start, { once: true });
  });
  const finished = await Promise.race([allDone.then(() => 'done' as const), grace]);
  clearTimeout(timer);
  clearTimeout(graceTimer);
  userSignal.removeEventListener('abort', onUserAbort);
  if (finished === 'late')
    log(
      `a client did not stop within ${(options.stopGraceMs ?? STOP_GRACE_MS) / 1000} s; writing the run without it`,
    );
  progress?.stop();

  const failure = failures[0];
  if (failure !== undefined && samples.length === 0) {
    // Nothing was measured: no half-made run is left behind.
    await writer.discard();
    throw failure;
  }
  const interrupted = userSignal.aborted && failure === undefined;
  const status: RunInfo['status'] =
    failure !== undefined ? 'failed' : interrupted ? 'interrupted' : 'complete';

  let after: ClockOffset | null = null;
  const warnings: string[] = [];
  if (before.method !== 'assumed' && probe !== undefined && status === 'complete') {
    const signal = AbortSignal.any([userSignal, AbortSignal.timeout(10_000)]);
    after = await probe(options.url, { signal }).catch((error: unknown) => {
      warnings.push(`clock offset not re-measured after the run: ${(error as Error).message}`);
      return null;
    });
  } else if (before.method !== 'assumed') {
    warnings.push(`clock offset not re-measured after the run (${status}): drift unknown`);
  }
  info.stream = await streamInfo;
  info.clock = {
    before,
    after,
    driftMs: clockDrift(before, after),
    appliedOffsetMs: offset,
    warnings: [...clockWarnings(before, after, maxUncertainty), ...warnings],
  };
  info.clients = options.clients.map((c) => c.info());
  info.endedAt = toServerTime(now());
  info.status = status;
  info.error = failure === undefined ? null : describe(failure);
  const summary = summarize({ info, samples, outcomes, endedAt: info.endedAt, status });
  await writer.close(info, summary);
  if (failure !== undefined) throw failure;
  return { dir: writer.dir, info, summary };
}

function describe(error: unknown): string {
  if (isLlhlsError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
