import { setMaxListeners } from 'node:events';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { VariantRef } from '../hls/media-playlist.js';
import { lowLatencyVerdict } from '../metrics/low-latency-verdict.js';
import type { ClientOutcome, MeasureClient, MeasureContext } from '../run/measure-client.js';
import { type ClientInfo, ClientKind, FindingStatus } from '../run/types.js';
import { DEFAULT_TLS, type TlsOptions, tlsAdvice } from '../tls-options.js';
import { type Clock, HttpAdapter } from './http-adapter.js';
import { PlaylistCache } from './playlist-cache.js';
import { type Outage, ServerHealth } from './server-health.js';
import { TimestampsSource } from './timestamps-source.js';
import { Viewer } from './viewer.js';

export interface NodeClientOptions {
  /** Independent simulated viewers in this process (default 1). */
  viewers?: number;
  /** Per-request limit for headers and body gaps, ms (default 15000: above 3 target durations of
   *  most live streams, so a held blocking reload is not cut short). */
  timeoutMs?: number;
  /** Spread viewer starts over this long, ms (default: 2 ms a viewer, at most 2 s). */
  rampMs?: number;
  /** Send one too-far-ahead probe (default true). */
  probeTooFarAhead?: boolean;
  /** Read capture times from `<origin>/timestamps.json` when the server has one (default true). */
  useTimestamps?: boolean;
  /** Client epoch ms clock (tests). */
  clock?: Clock;
  /** Which TLS certificates to trust (`--insecure`, `--ca`). */
  tls?: TlsOptions;
  /** Give up when the server has not answered for this long, ms (default 10000). */
  goneAfterMs?: number;
}

/** Where the too-far-ahead probe goes out: after the client has settled into blocking reloads. */
const PROBE_AFTER_MS = 2000;
export const MAX_VIEWERS = 20_000;
/** Connections per viewer: a held blocking reload, a hint and a listed part at once, with room. */
const VIEWER_CONNECTIONS = 6;
/** A server that has not answered anything for this long is gone: the run ends failed. */
export const SERVER_GONE_MS = 10_000;
/** A server silent for at least this long when the run ends is gone too (a blip is not). */
const GONE_AT_END_MS = 1000;
/** How often the client looks at whether the server is gone. */
const WATCH_MS = 250;

/**
 * The Node LL-HLS client: plays any stream over HTTP (blocking reloads, preload hints, delta
 * updates; polling for segment-only servers), records every request as samples, simulates a
 * player, and checks the protocol. Learns about a server only over HTTP.
 */
export class NodeClient implements MeasureClient {
  readonly kind = ClientKind.Node;
  readonly #viewers: number;
  readonly #timeoutMs: number;
  readonly #rampMs: number;
  readonly #probe: boolean;
  readonly #useTimestamps: boolean;
  readonly #clock: Clock | undefined;
  readonly #tls: TlsOptions;
  readonly #goneAfterMs: number;

  constructor(options: NodeClientOptions = {}) {
    const viewers = options.viewers ?? 1;
    if (!Number.isInteger(viewers) || viewers < 1 || viewers > MAX_VIEWERS) {
      throw new LlhlsError(
        LlhlsErrorCode.InvalidFlag,
        `--viewers must be an integer from 1 to ${MAX_VIEWERS}, got ${options.viewers}`,
      );
    }
    const timeoutMs = options.timeoutMs ?? 15_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 100) {
      throw new LlhlsError(
        LlhlsErrorCode.InvalidFlag,
        `request timeout must be at least 100 ms, got ${timeoutMs}`,
      );
    }
    const rampMs = options.rampMs ?? Math.min(2000, 2 * viewers);
    if (!Number.isFinite(rampMs) || rampMs < 0) {
      throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `viewer ramp must be >= 0 ms, got ${rampMs}`);
    }
    this.#viewers = viewers;
    this.#timeoutMs = timeoutMs;
    this.#rampMs = rampMs;
    this.#probe = options.probeTooFarAhead ?? true;
    this.#useTimestamps = options.useTimestamps ?? true;
    this.#clock = options.clock;
    this.#tls = options.tls ?? DEFAULT_TLS;
    this.#goneAfterMs = options.goneAfterMs ?? SERVER_GONE_MS;
  }

  info(): ClientInfo {
    return {
      kind: ClientKind.Node,
      viewers: this.#viewers,
      config: {
        timeoutMs: this.#timeoutMs,
        rampMs: this.#rampMs,
        probeTooFarAhead: this.#probe,
        useTimestamps: this.#useTimestamps,
        goneAfterMs: this.#goneAfterMs,
      },
    };
  }

  async run(ctx: MeasureContext): Promise<ClientOutcome> {
    const http = new HttpAdapter({
      // The start check, timestamps.json and (with one viewer) the viewer's own requests.
      connections: VIEWER_CONNECTIONS + 16,
      timeoutMs: this.#timeoutMs,
      tls: this.#tls,
      ...(this.#clock === undefined ? {} : { clock: this.#clock }),
    });
    const stop = new AbortController();
    // Every viewer and every in-flight request listens on this one signal.
    setMaxListeners(0, stop.signal);
    const onAbort = (): void => stop.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) stop.abort();
    const timer = setTimeout(() => stop.abort(), ctx.durationMs);
    const health = new ServerHealth();
    let gone: Outage | null = null;
    let watch: NodeJS.Timeout | null = null;
    try {
      const cache = new PlaylistCache();
      const startedAt = http.clock();
      const playlistUrl = await this.#startCheck(ctx, http, cache);
      // A server that stops answering ends the run: measuring nothing for an hour helps nobody.
      watch = setInterval(() => {
        if (health.silentMs(http.clock()) < this.#goneAfterMs) return;
        gone = health.current;
        stop.abort();
      }, WATCH_MS);
      const timestamps = this.#useTimestamps
        ? await TimestampsSource.probe(playlistUrl, http, stop.signal)
        : null;
      ctx.log(
        timestamps === null
          ? 'capture times: PROGRAM-DATE-TIME (no /timestamps.json)'
          : `capture times: ${timestamps.url}`,
      );
      const viewers: Viewer[] = [];
      const runs: Array<Promise<void>> = [];
      for (let index = 0; index < this.#viewers; index += 1) {
        const viewer = new Viewer({
          index,
          playlistUrl,
          // Own connections: a blocking reload, a hint, a listed part or two, the probe.
          http: this.#viewers > 1 ? http.fork(VIEWER_CONNECTIONS) : http,
          cache,
          timestamps,
          ctx,
          signal: stop.signal,
          observe: index === 0,
          health,
          probeAfterMs: index === 0 && this.#probe ? PROBE_AFTER_MS : null,
        });
        viewers.push(viewer);
        const delay = this.#viewers > 1 ? (index * this.#rampMs) / this.#viewers : 0;
        runs.push(delayed(delay, stop.signal, () => viewer.run()));
      }
      await Promise.all(runs);
      const endedAt = http.clock();
      if (gone === null && health.silentMs(endedAt) >= GONE_AT_END_MS) gone = health.current;
      return this.#outcome(viewers, timestamps, { health, gone, startedAt, endedAt });
    } finally {
      clearTimeout(timer);
      if (watch !== null) clearInterval(watch);
      ctx.signal.removeEventListener('abort', onAbort);
      await http.close();
    }
  }

  /** Unreachable, an error status or not a playlist at start: a user mistake, one line. */
  async #startCheck(ctx: MeasureContext, http: HttpAdapter, cache: PlaylistCache): Promise<string> {
    let url = ctx.url;
    for (let hops = 0; hops < 2; hops += 1) {
      const result = await http.get(url, { keepBody: true, signal: ctx.signal });
      if (result.error !== null) {
        const advice = tlsAdvice(result.error);
        throw new LlhlsError(
          LlhlsErrorCode.Unreachable,
          advice === null
            ? `cannot load ${url} (${result.error}); check the URL and that the server is running`
            : `cannot load ${url}: ${advice}`,
        );
      }
      if (result.status !== 200) {
        throw new LlhlsError(
          LlhlsErrorCode.HttpStatus,
          `${url} answered HTTP ${result.status}; check the playlist path`,
        );
      }
      const parsed = cache.parse(result.body?.toString('utf8') ?? '');
      if (parsed.kind === 'media') return url;
      const variant = pickVariant(parsed.variants);
      if (variant === null) {
        throw new LlhlsError(LlhlsErrorCode.NotAPlaylist, `${url} is a master playlist without variants`);
      }
      url = new URL(variant.uri, url).toString();
      ctx.log(`master playlist: playing the highest-bandwidth variant ${url}`);
      ctx.emit({
        type: 'event',
        t: ctx.toServerTime(http.clock()),
        client: ClientKind.Node,
        viewer: 0,
        name: 'variant-selected',
        detail: {
          url,
          bandwidth: variant.bandwidth,
          resolution: variant.resolution,
          variants: parsed.variants.length,
        },
      });
    }
    throw new LlhlsError(LlhlsErrorCode.NotAPlaylist, `${ctx.url} leads to master playlists only`);
  }

  #outcome(
    viewers: Viewer[],
    timestamps: TimestampsSource | null,
    run: { health: ServerHealth; gone: Outage | null; startedAt: number; endedAt: number },
  ): ClientOutcome {
    const first = viewers[0] as Viewer;
    const checks = first.checks;
    const findings = checks?.findings() ?? [];
    const perViewer = viewers.map((v) => v.counters.toRecord());
    const counters: Record<string, number> = {};
    for (const record of perViewer) {
      for (const [name, value] of Object.entries(record)) {
        if (name === 'reloadIntervalP50Ms' || name === 'startupMs') continue;
        counters[name] = (counters[name] ?? 0) + value;
      }
    }
    const p50 = first.counters.reloadIntervalP50();
    if (p50 !== null) counters['reloadIntervalP50Ms'] = Math.round(p50 * 10) / 10;
    const durations = checks?.partDurations() ?? [];
    if (durations.length > 0) {
      counters['partDurationMinMs'] = round(durations[0] as number);
      counters['partDurationP50Ms'] = round(durations[Math.floor((durations.length - 1) / 2)] as number);
      counters['partDurationMaxMs'] = round(durations.at(-1) as number);
      counters['partsListed'] = durations.length;
    }
    counters['viewers'] = viewers.length;
    if (timestamps !== null) counters['timestampsFetches'] = timestamps.fetches;
    const c = first.counters;
    const counts = {
      parts: c.parts,
      blockingReloads: c.blockingReloads,
      hintRequests: c.hintRequests,
      segments: c.segments,
    };
    const outcome: ClientOutcome = {
      kind: ClientKind.Node,
      findings,
      counters,
      summary: {
        startupMs: c.startupMs,
        lowLatency: { ...counts, verdict: lowLatencyVerdict(counts) },
      },
    };
    if (viewers.length > 1) outcome.viewers = perViewer;
    const into = (at: number): string => `${((at - run.startedAt) / 1000).toFixed(1)} s into the run`;
    if (run.gone !== null) {
      const o = run.gone;
      const silent = ((run.endedAt - o.from) / 1000).toFixed(1);
      outcome.failure = {
        code: LlhlsErrorCode.ServerGone,
        message:
          `the server stopped answering ${into(o.from)} (${o.errors.join(', then ')}): nothing for ${silent} s, ` +
          `${o.failures} request(s) could not reach it`,
      };
    }
    const warnings: string[] = [];
    const ended = run.health.ended();
    for (const o of ended.outages.slice(0, 3)) {
      warnings.push(
        `the server did not answer for ${(((o.to as number) - o.from) / 1000).toFixed(1)} s from ${into(o.from)} ` +
          `(${o.errors.join(', then ')}); ${o.failures} request(s) could not reach it`,
      );
    }
    if (ended.count > 3)
      warnings.push(
        `${ended.count - 3} more outage(s); ${(ended.totalMs / 1000).toFixed(1)} s without the server in all`,
      );
    const stale = findings.find((f) => f.id === 'playlist-updates' && f.status === FindingStatus.Fail);
    if (stale !== undefined)
      warnings.push(`the live playlist stopped updating (RFC 8216bis 6.2.1): ${stale.examples[0] ?? ''}`);
    if (warnings.length > 0) outcome.warnings = warnings;
    return outcome;
  }
}

/** Highest BANDWIDTH first; the first listed when none says. */
function pickVariant(variants: VariantRef[]): VariantRef | null {
  let best: VariantRef | null = null;
  for (const v of variants) {
    if (best === null || (v.bandwidth ?? 0) > (best.bandwidth ?? 0)) best = v;
  }
  return best;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function delayed(ms: number, signal: AbortSignal, task: () => Promise<void>): Promise<void> {
  if (ms > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  if (signal.aborted) return;
  await task();
}
