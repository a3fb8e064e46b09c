import { setMaxListeners } from 'node:events';
import { isLlhlsError } from '../errors.js';
import { buildReloadUrl } from '../hls/ll-hls-url.js';
import type { MediaPlaylist } from '../hls/media-playlist.js';
import {
  captureToFirstByte,
  captureToLastByte,
  delivery,
  playlistHold,
  RoundTripFloor,
} from '../metrics/latency.js';
import { NetworkErrorKind } from '../network-error.js';
import type { MeasureContext } from '../run/measure-client.js';
import { CaptureTimeSource, ClientKind, type RequestTiming } from '../run/types.js';
import { Engine, type MediaRequest, mediaKey, type PlaylistRequest } from './engine.js';
import { ProtocolChecks } from './findings/run-findings.js';
import type { HttpAdapter, HttpResult } from './http-adapter.js';
import type { PlaylistObservation } from './observations.js';
import type { PlaylistCache } from './playlist-cache.js';
import { Playout, type PlayoutEntry } from './playout.js';
import { Backoff, type ReloadDecision } from './reload-pacing.js';
import type { ServerHealth } from './server-health.js';
import type { TimestampsSource } from './timestamps-source.js';
import { ViewerCounters } from './viewer-counters.js';

export interface ViewerOptions {
  index: number;
  playlistUrl: string;
  http: HttpAdapter;
  cache: PlaylistCache;
  timestamps: TimestampsSource | null;
  ctx: Pick<MeasureContext, 'emit' | 'toServerTime' | 'log'>;
  /** Stops the viewer: the run's end or the user's Ctrl-C. */
  signal: AbortSignal;
  /** Feed every playlist and request to the protocol checks (one viewer does). */
  observe: boolean;
  /** Every request's outcome goes here: is the server there? */
  health?: ServerHealth;
  /** Send the one too-far-ahead probe (one viewer does), this long after the first playlist. */
  probeAfterMs: number | null;
}

/** Longest sleep between looks at the playout (stalls, player samples). */
const TICK_MS = 250;
const PLAYER_SAMPLE_MS = 1000;
/** Playout entries kept by (msn, part): a part is asked for again within seconds (a hint, then
 *  its listing), never minutes later; 128 parts is over 12 s of 0.1 s parts. */
const MAX_ENTRIES = 128;
/** How long a hinted part waits for a playlist to say where it belongs. */
const POSITION_WAIT_MS = 3000;

/**
 * One simulated viewer: runs the engine's requests over the shared adapter, turns responses into
 * samples (on the server clock), feeds the simulated playout, and feeds the protocol checks when
 * asked to. Never throws for what the server does.
 */
export class Viewer {
  readonly counters = new ViewerCounters();
  /** The protocol checks this viewer feeds (`observe`), else null. */
  readonly checks: ProtocolChecks | null;
  readonly #o: ViewerOptions;
  readonly #engine: Engine;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stop = new AbortController();
  #playout: Playout | null = null;
  /** The run is over (the run's signal or the user): set with the abort, read without its cost. */
  #stopped = false;
  #turnQueued = false;
  #loopEnded: (() => void) | null = null;
  #loopFailed: ((error: unknown) => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  /** The best round trip, for playlist_hold (src/metrics/latency.ts). */
  readonly #roundTrips = new RoundTripFloor();
  #firstPlaylistAt: number | null = null;
  #probed = false;
  #lastPlayerSample = 0;
  readonly #entries = new Map<string, PlayoutEntry>();
  readonly #positionWaiters = new Set<{
    uri: string;
    /** Client epoch ms after which the hinted part is reported where it was guessed. */
    deadline: number;
    resolve: (pos: { msn: number; part: number } | null) => void;
  }>();
  #startupReported = false;
  /** Playlist values that forced the reload floor, already reported as an event. */
  readonly #floorCauses = new Set<string>();

  constructor(options: ViewerOptions) {
    this.#o = options;
    this.checks = options.observe ? new ProtocolChecks() : null;
    setMaxListeners(0, this.#stop.signal);
    this.#engine = new Engine(options.playlistUrl);
  }

  get engine(): Engine {
    return this.#engine;
  }

  get playout(): Playout | null {
    return this.#playout;
  }

  async run(): Promise<void> {
    const onAbort = (): void => {
      this.#stopped = true;
      this.#stop.abort();
      this.#wake();
    };
    // Requests listen on this viewer's own signal: thousands of listeners on one shared signal
    // make every addEventListener slow (it scans the list for duplicates).
    this.#o.signal.addEventListener('abort', onAbort, { once: true });
    if (this.#o.signal.aborted) onAbort();
    try {
      await new Promise<void>((resolve, reject) => {
        this.#loopEnded = resolve;
        this.#loopFailed = reject;
        this.#turn();
      });
    } finally {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
      this.#o.signal.removeEventListener('abort', onAbort);
      this.#settlePositions(true, 0);
    }
    await Promise.allSettled([...this.#inFlight]);
    this.#finish();
  }

  /**
   * Asks for a turn of the loop on a microtask: every request that ends and the viewer's timer
   * wake it, and wakes that come together make one turn.
   */
  #wake = (): void => {
    if (this.#turnQueued || this.#loopEnded === null) return;
    this.#turnQueued = true;
    queueMicrotask(this.#turn);
  };

  #onTimer = (): void => {
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#wake();
  };

  /** One turn: send what the engine wants now, look at the playout, sleep until the next due. */
  #turn = (): void => {
    this.#turnQueued = false;
    const ended = this.#loopEnded;
    if (ended === null) return;
    try {
      if (this.#stopped || this.#engine.finished) {
        this.#loopEnded = null;
        ended();
        return;
      }
      const now = this.#o.http.clock();
      for (const request of this.#engine.next(now)) {
        this.#track(request.type === 'playlist' ? this.#playlist(request) : this.#media(request));
      }
      this.#maybeProbe(now);
      this.#tick(now);
      if (this.#positionWaiters.size > 0) this.#settlePositions(false, now);
      const wakeAt = this.#engine.wakeAt();
      const delay = Math.max(0, Math.min(TICK_MS, wakeAt === null ? TICK_MS : wakeAt - now));
      // A timer that fires sooner than needed only adds a turn: keep it rather than re-arm it
      // after every response (twice a part per viewer).
      if (now + delay < this.#timerAt) {
        if (this.#timer !== null) clearTimeout(this.#timer);
        this.#timer = setTimeout(this.#onTimer, delay);
        this.#timerAt = now + delay;
      }
    } catch (error) {
      this.#loopEnded = null;
      this.#loopFailed?.(error);
    }
  };

  #track(task: Promise<void>): void {
    this.#inFlight.add(task);
    void task.finally(() => {
      this.#inFlight.delete(task);
      this.#wake();
    });
  }

  async #playlist(request: PlaylistRequest): Promise<void> {
    const result = await this.#o.http.get(request.url, { signal: this.#stop.signal, keepBody: true });
    if (this.#stopped && result.error !== null) return; // the run ended: not a finding
    this.#o.health?.onResult(
      result.end ?? this.#o.http.clock(),
      result.status,
      result.errorKind,
      result.error,
    );
    let playlist: MediaPlaylist | null = null;
    let problem: { code: string; message: string } | null = null;
    if (result.error !== null) problem = { code: networkCode(result), message: result.error };
    else if (result.status !== 200) problem = { code: 'http-status', message: `status ${result.status}` };
    else {
      try {
        const body = result.body;
        const parsed = body === null ? this.#o.cache.parse('') : this.#o.cache.parseBody(body);
        if (parsed.kind === 'media') playlist = parsed;
        else
          problem = {
            code: 'unexpected-master',
            message: 'a master playlist came back for a media playlist',
          };
      } catch (error) {
        if (!isLlhlsError(error)) throw error;
        problem = { code: 'not-a-playlist', message: error.message };
      }
    }
    if (problem !== null) this.#error(problem.code, problem.message, request.url);
    this.#onPlaylistResult(request, result, playlist);
  }

  #onPlaylistResult(request: PlaylistRequest, result: HttpResult, playlist: MediaPlaylist | null): void {
    const { ctx } = this.#o;
    const at = result.end ?? this.#o.http.clock();
    const blocking = request.msn !== null;
    if (!blocking && result.error === null) this.#roundTrips.note(result);
    const holdMs = playlistHold(result, blocking, this.#roundTrips.best);
    this.counters.onPlaylist(request, result, playlist, at);
    const last = playlist?.segments.at(-1)?.msn ?? null;
    const lastPart = playlist === null ? null : lastPartOf(playlist);
    ctx.emit({
      type: 'playlist',
      t: ctx.toServerTime(at),
      client: ClientKind.Node,
      viewer: this.#o.index,
      uri: request.url,
      request: { msn: request.msn, part: request.part, skip: request.skip },
      status: result.status,
      timing: this.#timing(result),
      playlist_hold: holdMs,
      mediaSequence: playlist?.mediaSequence ?? null,
      lastMsn: last,
      lastPart,
      skipped: playlist === null ? null : playlist.skipped,
      bytes: result.bytes,
      serverTiming: result.serverTiming,
      error: result.error ?? (playlist === null && result.status === 200 ? 'unparseable playlist' : null),
    });
    const pacing = this.#engine.onPlaylist(request, { playlist, at });
    this.checks?.playlist(
      observation({ msn: request.msn, part: request.part, skip: request.skip, probe: false }, result, {
        playlist,
        holdMs,
        pacing,
      }),
    );
    this.#settlePositions(false, 0);
    this.#onPacing(pacing, at);
    for (const note of this.#engine.drainNotes()) this.#event(note.name, note.detail);
    const view = this.#engine.view;
    if (this.#playout === null && view !== null) {
      this.#firstPlaylistAt = at;
      const partTarget = view.partTarget ?? view.targetDuration ?? 1;
      this.#playout = new Playout(
        at,
        this.#engine.mode === 'parts' ? partTarget : (view.targetDuration ?? 1),
      );
      this.#event('first-playlist', {
        mode: this.#engine.mode,
        partTarget: view.partTarget,
        targetDuration: view.targetDuration,
        canBlockReload: view.serverControl?.canBlockReload ?? false,
        canSkipUntil: view.serverControl?.canSkipUntil ?? null,
        partHoldBack: view.serverControl?.partHoldBack ?? null,
      });
    }
  }

  async #media(request: MediaRequest): Promise<void> {
    const { http, ctx, timestamps } = this.#o;
    const signal = this.#stop.signal;
    const guessedKey = mediaKey(request.msn, request.part);
    let entry = this.#entries.get(guessedKey);
    if (entry === undefined && this.#playout !== null) {
      entry = this.#playout.expect(request.msn, request.part, request.duration);
      this.#remember(guessedKey, entry);
    }
    const result = await http.get(request.url, { signal, range: request.range });
    if (this.#stopped && result.error !== null) return;
    this.#o.health?.onResult(result.end ?? http.clock(), result.status, result.errorKind, result.error);
    const ok = result.error === null && result.status >= 200 && result.status < 300;
    let { msn, part } = request;
    if (request.hinted && ok) {
      // The hint's position is a guess until a playlist lists its URI (a segment may end first).
      const listed = await this.#listedPosition(request.uri);
      if (listed !== null && (listed.msn !== msn || listed.part !== part)) {
        msn = listed.msn;
        part = listed.part;
        if (entry !== undefined) {
          this.#playout?.relabel(entry, msn, part);
          this.#entries.delete(guessedKey);
          this.#remember(mediaKey(msn, part), entry);
        }
      }
    }
    const record = ok && timestamps !== null ? await timestamps.resolve(msn, part, signal) : null;
    let capture: number | null = null;
    let captureSource: CaptureTimeSource | null = null;
    if (record !== null) {
      capture = record.capture;
      captureSource = CaptureTimeSource.Timestamps;
    } else if (request.pdtCapture !== null) {
      capture = request.pdtCapture;
      captureSource = CaptureTimeSource.ProgramDateTime;
    }
    const publish = record?.publish ?? null;
    const served = this.#timing(result);
    const lastByte = served.end;
    const duration = request.duration ?? this.#listedDuration(msn, part);
    // A listed (published) resource answers in a round trip plus serving time: a bound on the RTT.
    if (!request.hinted && result.error === null) this.#roundTrips.note(result);
    this.counters.onMedia(request, result, ok, duration);
    ctx.emit({
      type: 'media',
      t: lastByte ?? ctx.toServerTime(result.start),
      client: ClientKind.Node,
      viewer: this.#o.index,
      kind: request.kind,
      uri: request.url,
      msn,
      part,
      hinted: request.hinted,
      status: result.status,
      bytes: result.bytes,
      timing: served,
      duration,
      capture,
      captureSource,
      publish,
      capture_to_first_byte: ok ? captureToFirstByte(served, capture) : null,
      capture_to_last_byte: ok ? captureToLastByte(served, capture) : null,
      delivery: ok ? delivery(served, publish) : null,
      transfer: result.transfer,
      serverTiming: result.serverTiming,
      error: result.error ?? (ok ? null : `status ${result.status}`),
    });
    if (!ok) {
      this.#error(
        result.error === null ? 'http-status' : networkCode(result),
        result.error ?? `status ${result.status}`,
        request.url,
      );
    }
    this.checks?.media({
      msn,
      part,
      uri: request.uri,
      hinted: request.hinted,
      status: result.status,
      error: result.error,
      errorKind: result.errorKind,
      bytes: result.bytes,
      transfer: result.transfer,
      start: result.start,
      end: result.end,
    });
    if (entry !== undefined) {
      if (ok && result.end !== null) {
        // Playout runs on the client clock; capture is on the server clock: convert it back.
        const captureClient = capture === null ? null : capture + (result.end - (lastByte ?? result.end));
        this.#playout?.arrived(entry, result.end, captureClient, duration);
      } else {
        this.#playout?.failed(entry);
      }
    }
    this.#engine.onMedia(request, ok);
  }

  /** Playout entries by (msn, part), bounded: old keys are never asked for again. */
  #remember(key: string, entry: PlayoutEntry): void {
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Where a playlist lists `uri`: now, or after the next playlists (bounded wait). */
  #listedPosition(uri: string): Promise<{ msn: number; part: number } | null> {
    const now = this.#engine.positionOf(uri);
    if (now !== null || this.#stopped) return Promise.resolve(now);
    return new Promise((resolve) => {
      // No timer of its own: the loop's turns (at least every TICK_MS) check the deadline.
      this.#positionWaiters.add({ uri, deadline: this.#o.http.clock() + POSITION_WAIT_MS, resolve });
    });
  }

  /** Resolves the waiters a playlist now places; with `all`, every waiter (null if unplaced);
   *  past its deadline (client epoch ms `now`; 0: none checked), a waiter gets null. */
  #settlePositions(all: boolean, now: number): void {
    for (const waiter of this.#positionWaiters) {
      const pos = this.#engine.positionOf(waiter.uri);
      if (pos !== null || all || (now > 0 && now >= waiter.deadline)) {
        this.#positionWaiters.delete(waiter);
        waiter.resolve(pos);
      }
    }
  }

  #listedDuration(msn: number, part: number | null): number | null {
    const view = this.#engine.view;
    if (view === null || part === null) return null;
    const segment = view.segments.find((s) => s.msn === msn);
    const parts = segment === undefined ? view.tailParts : segment.parts;
    return parts.find((p) => p.index === part)?.duration ?? null;
  }

  #maybeProbe(now: number): void {
    const after = this.#o.probeAfterMs;
    const view = this.#engine.view;
    if (after === null || this.#probed || view === null || this.#firstPlaylistAt === null) return;
    if (view.serverControl?.canBlockReload !== true || view.endList || now - this.#firstPlaylistAt < after)
      return;
    this.#probed = true;
    // 6.2.5.2: more than two past the last segment. Counting the segment being produced as "last"
    // too, +3 over it is too far ahead under either reading.
    const newest =
      view.tailParts.length > 0 || view.preloadHint !== null
        ? (view.segments.at(-1)?.msn ?? 0) + 1
        : (view.segments.at(-1)?.msn ?? 0);
    const msn = newest + 3;
    this.#track(this.#probe(msn));
  }

  async #probe(msn: number): Promise<void> {
    const url = buildReloadUrl(this.#o.playlistUrl, { msn });
    const result = await this.#o.http.get(url, { signal: this.#stop.signal, keepBody: false });
    if (this.#stopped && result.error !== null) return;
    this.#o.health?.onResult(
      result.end ?? this.#o.http.clock(),
      result.status,
      result.errorKind,
      result.error,
    );
    this.checks?.playlist(
      observation({ msn, part: null, skip: false, probe: true }, result, {
        playlist: null,
        holdMs: null,
        pacing: null,
      }),
    );
    this.#event('too-far-ahead-probe', {
      msn,
      status: result.status,
      answeredInMs: result.headers === null ? null : result.headers - result.start,
      error: result.error,
    });
  }

  #tick(now: number): void {
    const playout = this.#playout;
    if (playout === null) return;
    const { ctx } = this.#o;
    const step = playout.advance(now);
    for (const shown of step.displayed) {
      const display = ctx.toServerTime(shown.display);
      ctx.emit({
        type: 'playout',
        t: display,
        client: ClientKind.Node,
        viewer: this.#o.index,
        msn: shown.msn,
        part: shown.part,
        display,
        capture: shown.capture === null ? null : ctx.toServerTime(shown.capture),
        estimated_display: shown.estimatedDisplay,
      });
    }
    for (const stall of step.stalls) this.#stall(stall.start, stall.end);
    if (!this.#startupReported && playout.startupMs !== null) {
      this.#startupReported = true;
      this.counters.startupMs = playout.startupMs;
      this.#event('startup', { startupMs: playout.startupMs });
    }
    if (now - this.#lastPlayerSample >= PLAYER_SAMPLE_MS && playout.lastDisplayed !== null) {
      this.#lastPlayerSample = now;
      const view = this.#engine.view;
      const target = view?.serverControl?.partHoldBack ?? view?.serverControl?.holdBack ?? null;
      const last = playout.lastDisplayed;
      // The playhead shows media captured `estimatedDisplay` ago, for as long as it plays.
      const latency = last.estimatedDisplay === null ? null : last.estimatedDisplay / 1000;
      ctx.emit({
        type: 'player',
        t: ctx.toServerTime(now),
        client: ClientKind.Node,
        viewer: this.#o.index,
        latency,
        targetLatency: target,
        drift: latency === null || target === null ? null : latency - target,
        playbackRate: playout.stalledSince === null ? 1 : 0,
        bufferAhead: playout.bufferAhead(),
        droppedFrames: null,
        totalFrames: null,
      });
    }
  }

  /** Records what held the next reload back: the floor once a cause, a backoff each time. */
  #onPacing(pacing: ReloadDecision, at: number): void {
    const delayMs = Math.round(pacing.nextAt - at);
    const cause = pacing.floorCause;
    if (cause !== null) {
      this.counters.reloadsAtFloor += 1;
      if (!this.#floorCauses.has(cause) && this.#floorCauses.size < 8) {
        this.#floorCauses.add(cause);
        this.#event('reload-floor', { cause, protocolMs: pacing.protocolMs, delayMs });
      }
    }
    if (pacing.backoff === null) return;
    const failures = this.counters.consecutivePlaylistFailures;
    this.#event('reload-backoff', {
      reason: pacing.backoff,
      ...(pacing.backoff === Backoff.Errors ? { failures } : {}),
      delayMs,
    });
  }

  #stall(start: number, end: number | null): void {
    const { ctx } = this.#o;
    const durationMs = end === null ? null : end - start;
    this.counters.onStall(durationMs);
    ctx.emit({
      type: 'stall',
      t: ctx.toServerTime(start),
      client: ClientKind.Node,
      viewer: this.#o.index,
      start: ctx.toServerTime(start),
      end: end === null ? null : ctx.toServerTime(end),
      durationMs,
    });
  }

  #finish(): void {
    const playout = this.#playout;
    if (playout === null) return;
    const now = this.#o.http.clock();
    this.#tick(now);
    const open = playout.finish(now);
    if (open !== null) this.#stall(open.start, null);
  }

  #event(name: string, detail: Record<string, unknown>): void {
    const { ctx } = this.#o;
    ctx.emit({
      type: 'event',
      t: ctx.toServerTime(this.#o.http.clock()),
      client: ClientKind.Node,
      viewer: this.#o.index,
      name,
      detail,
    });
  }

  #error(code: string, message: string, uri: string | null): void {
    const { ctx } = this.#o;
    this.counters.errors += 1;
    if (code === 'connection' || code === 'tls') this.counters.connectionErrors += 1;
    ctx.emit({
      type: 'error',
      t: ctx.toServerTime(this.#o.http.clock()),
      client: ClientKind.Node,
      viewer: this.#o.index,
      code,
      message,
      fatal: false,
      uri,
    });
  }

  #timing(result: HttpResult): RequestTiming {
    const { ctx } = this.#o;
    return {
      start: ctx.toServerTime(result.start),
      firstByte: result.firstByte === null ? null : ctx.toServerTime(result.firstByte),
      end: result.end === null ? null : ctx.toServerTime(result.end),
    };
  }
}

function lastPartOf(playlist: MediaPlaylist): { msn: number; part: number } | null {
  const tail = playlist.tailParts.at(-1) ?? playlist.segments.at(-1)?.parts.at(-1);
  return tail === undefined ? null : { msn: tail.msn, part: tail.index };
}

/** A playlist request as the protocol checks take it. */
function observation(
  request: PlaylistObservation['request'],
  result: HttpResult,
  seen: Pick<PlaylistObservation, 'playlist' | 'holdMs' | 'pacing'>,
): PlaylistObservation {
  const { start, headers, end, status, error, errorKind } = result;
  return { request, start, headers, end, status, error, errorKind, ...seen };
}

/** An error sample's code for a request that got no HTTP status. */
function networkCode(result: HttpResult): string {
  switch (result.errorKind) {
    case NetworkErrorKind.Connection:
      return 'connection';
    case NetworkErrorKind.Timeout:
      return 'timeout';
    case NetworkErrorKind.Tls:
      return 'tls';
    default:
      return 'network';
  }
}
