import { setMaxListeners } from 'node:events';
import { arch, availableParallelism, hostname, platform } from 'node:os';
import { isLlhlsError, LlhlsError, LlhlsErrorCode } from '../errors.js';
import { SummaryBuilder } from '../metrics/summarize.js';
import { DEFAULT_WARMUP_MS } from '../metrics/warmup.js';
import type { ClientOutcome, MeasureClient, MeasureContext } from '../run/measure-client.js';
import { prepareRunDir } from '../run/run-dir.js';
import { RunFiles } from '../run/run-files.js';
import { RunWriter } from '../run/run-writer.js';
import { type ClockOffset, RUN_SCHEMA, type RunInfo, type RunSummary } from '../run/types.js';
import { DEFAULT_TLS, type TlsOptions } from '../tls-options.js';
import { clockDrift, clockWarnings } from './clock-warnings.js';
import { ProgressReporter, type ProgressSink, ProgressState } from './progress.js';
import { sameHostAddress } from './same-host.js';
import { sameHostClock } from './same-host-clock.js';
import { signalExitCode, stopSignalOf } from './stop-signals.js';
import { fetchStreamInfo } from './stream-info.js';

/** Measures the offset (client minus server) against the stream's server. */
export type ClockProbe = (
  url: string,
  options: { signal: AbortSignal; tls: TlsOptions },
) => Promise<ClockOffset>;

export const DEFAULT_MAX_CLOCK_UNCERTAINTY_MS = 5;
/** How long clients get to return once stopped before the run is written without them. */
const STOP_GRACE_MS = 15_000;

export interface MeasureOptions {
  url: string;
  clients: MeasureClient[];
  durationMs: number;
  /** Default 10 s (MEASUREMENT.md). */
  warmupMs?: number | undefined;
  /** Default: the URL's host. */
  label?: string | undefined;
  /** `--out`; default `<runsRoot>/<YYYYMMDD-HHMMSS>-<label>`. */
  out?: string | undefined;
  runsRoot?: string;
  /** Skip the clock probe and record offset 0 with method `assumed`. */
  assumeSynced?: boolean;
  maxClockUncertaintyMs?: number;
  /** `--insecure`, `--ca`: what the clock probe and stream info trust (the clients get their own). */
  tls?: TlsOptions;
  /** argv as typed, recorded in run.json. */
  command?: string[];
  /** The streamer's configuration when llhls started it (demo, compare), recorded in run.json. */
  streamer?: Record<string, unknown> | null;
  toolVersion?: string;
  stopGraceMs?: number;
}

export interface MeasureHooks {
  /** Stops the clients and writes the run with status `interrupted`; when its reason is a
   *  signal's name (`SIGTERM`, see ./stop-signals.ts) run.json says which. */
  signal?: AbortSignal;
  /** How the clock offset is measured unless --assume-synced (the CLI passes llhls clock's probe). */
  measureClock?: ClockProbe;
  /** Live progress (stderr in the CLI); none when omitted. */
  progress?: ProgressSink;
  /** Client epoch ms; tests may shift it. */
  now?: () => number;
  /** Whether the server runs on this host (default: by its address, ./same-host.ts). */
  sameHost?: (url: string) => Promise<string | null>;
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
  checkWarmup(options.warmupMs, options.durationMs);
  return url;
}

/**
 * Refuses a warm-up that leaves nothing to measure (`--warmup` at least `--duration`), naming
 * both flags: `llhls measure` and `llhls demo` (before it starts its streamer) alike.
 * @param warmupMs as given; undefined for the default (DEFAULT_WARMUP_MS), said to be the default
 * @throws LlhlsError InvalidFlag
 */
export function checkWarmup(warmupMs: number | undefined, durationMs: number): void {
  const ms = warmupMs ?? DEFAULT_WARMUP_MS;
  if (ms < 0) throw new LlhlsError(LlhlsErrorCode.InvalidFlag, '--warmup must not be negative');
  if (ms >= durationMs) {
    const given = warmupMs === undefined ? `${ms / 1000} s, the default` : `${ms / 1000} s`;
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--warmup (${given}) must be shorter than --duration (${durationMs / 1000} s): nothing would be left to measure; pass a shorter --warmup (e.g. --warmup 0) or a longer --duration`,
    );
  }
}

/**
 * One `llhls measure` run: measures the clock offset (none when the server is on this host and
 * the probe agrees), starts every client on the stream at once with a context that converts their
 * instants to the server clock, streams each sample to samples.jsonl and into the statistics'
 * compact columns (no sample stays in memory), stops them at the duration or on abort, measures
 * the offset again, summarizes and writes the run. Returns the summary (and where the run is).
 *
 * Ending: `complete` after the duration; `interrupted` on abort (with the signal's name when
 * the reason is one); `failed` when a client reports a failure (the server went away) or throws
 * after something was measured. A client that throws before anything was measured (unreachable
 * URL, 404) leaves no run: the half-made directory is removed and the error rethrown. Until the
 * run is written, a process that exits anyway (a second signal) leaves run.json `interrupted`.
 */
export async function runMeasure(options: MeasureOptions, hooks: MeasureHooks = {}): Promise<MeasureResult> {
  const url = checkOptions(options);
  const now = hooks.now ?? wallClock;
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const maxUncertainty = options.maxClockUncertaintyMs ?? DEFAULT_MAX_CLOCK_UNCERTAINTY_MS;
  const userSignal = hooks.signal ?? new AbortController().signal;
  const tls = options.tls ?? DEFAULT_TLS;

  if (!options.assumeSynced && hooks.measureClock === undefined) {
    throw new Error('runMeasure: pass hooks.measureClock or assumeSynced');
  }
  const probe = hooks.measureClock;
  const interruptedEarly = (): LlhlsError => {
    const signal = stopSignalOf(userSignal.reason);
    return new LlhlsError(
      LlhlsErrorCode.Interrupted,
      `interrupted${signal === null ? '' : ` by ${signal}`} before the run started: nothing was measured`,
      { exitCode: signal === null ? 130 : signalExitCode(signal) },
    );
  };
  let before: ClockOffset;
  let sameHost: string | null = null;
  try {
    if (options.assumeSynced || probe === undefined) before = assumed(now());
    else {
      const measured = await probe(options.url, { signal: userSignal, tls });
      sameHost = await (hooks.sameHost ?? sameHostAddress)(options.url);
      before = sameHost === null ? measured : sameHostClock(measured, sameHost);
    }
  } catch (error) {
    throw userSignal.aborted ? interruptedEarly() : error;
  }
  if (userSignal.aborted) throw interruptedEarly();
  const oneClock = before.method === 'same-host';
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
    signal: null,
    tls: { insecure: tls.insecure, ca: tls.caFile },
    files: { samples: RunFiles.Samples, summary: RunFiles.Summary },
  };
  await writer.writeInfo(info);
  // Whatever ends the process before the run is written (a second signal, process.exit), run.json
  // must not stay `running`: write what there is, synchronously.
  const onExit = (): void => {
    const signal = stopSignalOf(userSignal.reason);
    writer.closeSync({
      ...info,
      endedAt: toServerTime(now()),
      status: 'interrupted',
      signal,
      error: 'the process ended before the run was written: summary.json is missing',
    });
  };
  process.once('exit', onExit);

  try {
    const stop = new AbortController();
    // Every client and its requests listen on this one signal.
    setMaxListeners(0, stop.signal);
    const onUserAbort = (): void => stop.abort(userSignal.reason);
    userSignal.addEventListener('abort', onUserAbort, { once: true });
    if (userSignal.aborted) onUserAbort();
    const timer = setTimeout(() => stop.abort(new Error('duration reached')), options.durationMs);

    const statistics = new SummaryBuilder({ startedAt, warmupMs });
    const state = new ProgressState(
      options.clients.map((c) => c.kind),
      { startedAt, warmupMs },
    );
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
        writer.append(sample);
        statistics.add(sample);
        state.onSample(sample);
      },
      log,
    };

    const streamInfo = fetchStreamInfo(options.url, stop.signal, tls);
    const failures: unknown[] = [];
    const outcomes: ClientOutcome[] = [];
    const runs = options.clients.map((client) =>
      client.run(ctx).then(
        (outcome) => {
          outcomes.push(outcome);
          // A client that gave up (the server is gone) ends the others' measuring too.
          if (outcome.failure !== undefined) stop.abort(new Error(outcome.failure.message));
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

    const thrown = failures[0];
    if (thrown !== undefined && writer.sampleCount === 0) {
      // Nothing was measured: no half-made run is left behind.
      process.off('exit', onExit);
      await writer.discard();
      throw thrown;
    }
    const reported = outcomes.find((o) => o.failure !== undefined)?.failure;
    const failure =
      thrown !== undefined
        ? describe(thrown)
        : reported === undefined
          ? null
          : `${reported.code}: ${reported.message}`;
    const interrupted = userSignal.aborted && failure === null;
    const status: RunInfo['status'] = failure !== null ? 'failed' : interrupted ? 'interrupted' : 'complete';

    let after: ClockOffset | null = null;
    const warnings: string[] = [];
    if (before.method !== 'assumed' && !oneClock && probe !== undefined && status === 'complete') {
      const signal = AbortSignal.any([userSignal, AbortSignal.timeout(10_000)]);
      after = await probe(options.url, { signal, tls }).catch((error: unknown) => {
        warnings.push(`clock offset not re-measured after the run: ${(error as Error).message}`);
        return null;
      });
    } else if (before.method !== 'assumed' && !oneClock) {
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
    info.error = failure;
    info.signal = status === 'interrupted' ? stopSignalOf(userSignal.reason) : null;
    const summary = statistics.summary({
      info,
      outcomes,
      endedAt: info.endedAt,
      status,
      failure: thrown !== undefined ? message(thrown) : (reported?.message ?? null),
      signal: info.signal,
    });
    await writer.close(info, summary);
    return { dir: writer.dir, info, summary };
  } finally {
    process.off('exit', onExit);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  if (isLlhlsError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
