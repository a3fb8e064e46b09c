import { createServer as createHttpServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { epochNow } from '../../src/epoch-now.js';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { EventSurface } from '../../src/event-surface.js';
import type { TimeResponse } from '../../src/hls/timestamps.js';
import { formatServerTiming, SERVER_TIMING_NOT_HELD } from '../../src/server-timing.js';
import {
  decideReload,
  holdLimitMs,
  type PlaylistRequest,
  parsePlainDirectives,
  parsePlaylistRequest,
  type ReloadDecision,
} from '../packager/blocking-reload.js';
import { CONTAINER_MEDIA, INIT_CONTENT_TYPE } from '../packager/container.js';
import type { StreamDescription } from '../packager/timestamps-view.js';
import { CacheControl } from './cache-control.js';
import { HeldReload, type ReloadContext } from './held-reload.js';
import { HeldRequests, type RecordAnswer } from './held-requests.js';
import { PlaylistBodies } from './playlist-bodies.js';
import {
  type OriginRequest,
  type OriginResponse,
  type OriginRouteHandler,
  sendBody,
  sendText,
  sendWhole,
  setCors,
} from './respond.js';
import type { ServedMedia } from './served-media.js';
import { TimestampsBodies } from './timestamps-body.js';

export interface OriginOptions {
  /** The window served and what it advertises (served-media.ts: `servedMedia(packager)`). */
  media: ServedMedia;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** PEM cert and key: HTTP/2 over TLS, with HTTP/1.1 still served (ALPN fallback). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The server clock, epoch ms. Default `performance.timeOrigin + performance.now()`. */
  now?: () => number;
  /** Stream a hinted part's bytes as they are produced instead of holding it until complete. */
  hintStreaming?: boolean;
  /** Stream info for /timestamps.json (a function when it becomes known later). */
  stream: StreamDescription | (() => StreamDescription);
  /** Exact paths (e.g. `/player`) served by the caller. */
  extraRoutes?: Record<string, OriginRouteHandler>;
  /** Whether the input gives something to serve (for /healthz); default: the window decides. */
  health?: () => { state: string; reason: string | null };
}

/** One answered request, for logs and tests. */
export interface OriginRequestRecord {
  method: string;
  path: string;
  status: number;
  /** How long the request was held before its response started (ms). */
  holdMs: number;
  /** The client went away before the response ended. */
  aborted: boolean;
}

export interface OriginEvents {
  request: OriginRequestRecord;
  error: { error: Error };
}

export interface OriginAddress {
  host: string;
  port: number;
  /** `http://host:port` or `https://host:port`. */
  url: string;
}

const PLAYLIST_PATHS = new Set(['/playlist.m3u8', '/live.m3u8']);
/** The multivariant playlist: one variant, the media playlist. */
export const MULTIVARIANT_PATH = '/master.m3u8';
const M3U8 = 'application/vnd.apple.mpegurl';
const JSON_TYPE = 'application/json';
/** A path of one plain segment (`/part12.ts`): used as is, no URL parser needed. */
const SIMPLE_PATH = /^\/(?:[\w-][\w.-]*)?$/;
const NO_RECORD = (): void => {};

/** Path and query of a request target, as `new URL(target, base)` reads them; null when it is no
 *  URL at all (`http://[/x`: a client's mistake, answered 400). */
function splitTarget(target: string): { path: string; query: string } | null {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (SIMPLE_PATH.test(path) && !target.includes('#')) {
    return { path, query: q < 0 ? '' : target.slice(q + 1) };
  }
  if (!URL.canParse(target, 'http://origin.invalid')) return null;
  const url = new URL(target, 'http://origin.invalid');
  return { path: url.pathname, query: url.search.slice(1) };
}

/**
 * The in-memory origin: serves a media window (ours: the packager's) over HTTP/1.1, or HTTP/2 over TLS (with
 * HTTP/1.1 on the same port). Blocking requests are answered from the window's events (no polling).
 *
 * Routes: `/playlist.m3u8` and `/live.m3u8` (`_HLS_msn`, `_HLS_part`, `_HLS_skip`), `/master.m3u8`
 * (the multivariant playlist), `/part{N}.ts|m4s`, `/seg{msn}.ts|m4s`, `/init{N}.mp4` (fMP4),
 * `/timestamps.json`, `/time`, `/healthz`, plus `extraRoutes`. Anything else is
 * 404; no path reaches the filesystem. Every response has CORS and `Server-Timing`
 * (src/server-timing.ts); playlists and timestamps.json are gzipped when accepted.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.6
 */
export class Origin extends EventSurface<OriginEvents> {
  readonly #options: OriginOptions;
  readonly #now: () => number;
  readonly #server: Server | Http2SecureServer;
  readonly #sockets = new Set<Socket>();
  readonly #sessions = new Set<Http2Session>();
  /** Blocking reloads and hinted parts being held. */
  readonly #held: HeldRequests;
  /** What held playlist reloads share: answered through `#answerPlaylist`. */
  readonly #reloadContext: ReloadContext;
  #address: OriginAddress | null = null;
  readonly #startedAt: number;
  /** Rendered once per window version and form, shared by every request for it. */
  readonly #playlists: PlaylistBodies;
  /** /timestamps.json: built and compressed once per window version, serverTime per request. */
  readonly #timestamps: TimestampsBodies;

  constructor(options: OriginOptions) {
    super();
    this.#options = options;
    this.#now = options.now ?? epochNow;
    this.#startedAt = this.#now();
    this.#playlists = new PlaylistBodies(options.media);
    this.#timestamps = new TimestampsBodies(options.media.window);
    this.#held = new HeldRequests({
      window: options.media.window,
      now: this.#now,
      error: (res, status, message, receive) => this.#error(res, status, message, receive),
    });
    this.#reloadContext = {
      window: options.media.window,
      reloads: this.#held.reloads,
      answer: (held, decision) =>
        this.#answerPlaylist(held.req, held.res, held.request, decision, held.receive, held.record),
    };
    // Synchronous: no promise per request; only an extra route may be asynchronous.
    const handler = (req: OriginRequest, res: OriginResponse): void => {
      try {
        this.#handle(req, res);
      } catch (error) {
        this.#internalError(res, error);
      }
    };
    if (options.tls !== undefined) {
      const server = createSecureServer(
        { cert: options.tls.cert, key: options.tls.key, allowHTTP1: true },
        handler,
      );
      server.on('session', (session) => {
        this.#sessions.add(session);
        session.on('close', () => this.#sessions.delete(session));
      });
      this.#server = server;
    } else {
      this.#server = createHttpServer(handler);
    }
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** The bound address, once listening. */
  get address(): OriginAddress | null {
    return this.#address;
  }

  /** Requests currently held (tests use it to prove disconnects leak nothing). */
  get heldRequests(): number {
    return this.#held.size;
  }

  /** Starts listening. @throws LlhlsError PortInUse when the port is taken, InvalidFlag for an
   *  address this machine cannot listen on. */
  listen(): Promise<OriginAddress> {
    const host = this.#options.host ?? '127.0.0.1';
    const port = this.#options.port ?? 0;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => reject(listenError(error, host, port));
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        const info = this.#server.address() as AddressInfo;
        const scheme = this.#options.tls !== undefined ? 'https' : 'http';
        const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        this.#address = { host: info.address, port: info.port, url: `${scheme}://${urlHost}:${info.port}` };
        resolve(this.#address);
      });
    });
  }

  /** Stops accepting, answers held requests with 503, closes connections. */
  close(): Promise<void> {
    this.#held.endAll();
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      for (const session of this.#sessions) session.close();
      for (const socket of this.#sockets) socket.end();
      // Give in-flight responses a moment, then cut whatever remains.
      setTimeout(() => this.destroy(), 200).unref();
    });
  }

  /** Immediately drops every connection and held request. */
  destroy(): void {
    this.#held.endAll();
    for (const session of this.#sessions) session.destroy();
    for (const socket of this.#sockets) socket.destroy();
    if (this.#server.listening) this.#server.close();
  }

  /** A route that threw (or rejected): 500, or the end of a response already started. */
  #internalError(res: OriginResponse, error: unknown): void {
    this.emit('error', { error: error instanceof Error ? error : new Error(String(error)) });
    if (!res.headersSent) {
      setCors(res);
      sendBody(res, 500, 'text/plain', 'internal error\n', CacheControl.NoStore);
    } else res.end();
  }

  #handle(req: OriginRequest, res: OriginResponse): void {
    const receive = this.#now();
    const target = splitTarget(req.url ?? '/');
    if (target === null) {
      this.#error(res, 400, 'bad request target', receive);
      return;
    }
    const { path, query } = target;
    const method = req.method ?? 'GET';
    // Responses on the hot path (parts, playlists) write CORS with their other headers at once
    // (respond.ts sendWhole); the others set it here.
    const record =
      this.listenerCount('request') === 0
        ? NO_RECORD
        : (status: number, holdMs: number): void => {
            let done = false;
            res.once('close', () => {
              if (done) return;
              done = true;
              this.emit('request', { method, path, status, holdMs, aborted: !res.writableFinished });
            });
          };
    if (method === 'OPTIONS') {
      setCors(res);
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', '*');
      res.setHeader('Access-Control-Max-Age', '86400');
      res.setHeader('Server-Timing', SERVER_TIMING_NOT_HELD);
      record(204, 0);
      res.writeHead(204);
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      this.#error(res, 405, 'method not allowed', receive);
      record(405, 0);
      return;
    }
    const extra = this.#options.extraRoutes?.[path];
    if (extra !== undefined) {
      setCors(res);
      res.setHeader('Server-Timing', SERVER_TIMING_NOT_HELD);
      record(200, 0);
      const done = extra(req, res);
      if (done instanceof Promise) done.catch((error: unknown) => this.#internalError(res, error));
      return;
    }
    if (PLAYLIST_PATHS.has(path)) {
      this.#playlist(req, res, query, receive, record);
      return;
    }
    if (path === MULTIVARIANT_PATH) {
      this.#multivariant(req, res, receive, record);
      return;
    }
    if (path === '/timestamps.json') {
      const body = this.#timestamps.get(this.#stream(), this.#now());
      record(200, 0);
      sendText(req, res, 200, JSON_TYPE, body, CacheControl.NoStore, SERVER_TIMING_NOT_HELD);
      return;
    }
    if (path === '/time') {
      record(200, 0);
      const body: TimeResponse = { receive, send: this.#now() };
      sendWhole(
        res,
        200,
        JSON_TYPE,
        Buffer.from(JSON.stringify(body)),
        CacheControl.NoStore,
        SERVER_TIMING_NOT_HELD,
      );
      return;
    }
    if (path === '/healthz') {
      const health = this.#health();
      // Health checks (a load balancer, a readiness probe, curl -f) read the code: 503 while the
      // input gives nothing to serve; the body says why.
      const status = health.status === 'no-media' || health.status === 'refused' ? 503 : 200;
      record(status, 0);
      const body = Buffer.from(JSON.stringify(health));
      sendWhole(res, status, JSON_TYPE, body, CacheControl.NoStore, SERVER_TIMING_NOT_HELD);
      return;
    }
    // Media: only names the window resolves; a path never reaches the filesystem.
    const name = path.slice(1);
    const window = this.#options.media.window;
    const resolved = name.includes('/') ? null : window.resolve(name, receive);
    if (resolved === null) {
      this.#error(res, 404, 'not found: neither in the window nor hinted', receive);
      record(404, 0);
      return;
    }
    if (resolved.kind === 'part') {
      const { part } = resolved;
      const timing = formatServerTiming({ holdMs: 0, publish: part.publish, now: this.#now() });
      record(200, 0);
      sendWhole(res, 200, this.#mediaType, part.bytes, CacheControl.Media, timing);
      return;
    }
    if (resolved.kind === 'segment') {
      const { segment } = resolved;
      const timing = formatServerTiming({ holdMs: 0, publish: segment.publish, now: this.#now() });
      record(200, 0);
      sendWhole(res, 200, this.#mediaType, resolved.bytes, CacheControl.Media, timing);
      return;
    }
    if (resolved.kind === 'init') {
      record(200, 0);
      sendWhole(res, 200, INIT_CONTENT_TYPE, resolved.bytes, CacheControl.Media, SERVER_TIMING_NOT_HELD);
      return;
    }
    this.#held.hint(
      res,
      {
        number: resolved.hint.number,
        receive,
        deadlineMs: this.#holdLimitMs(),
        streaming: this.#options.hintStreaming === true,
      },
      record,
    );
  }

  #playlist(
    req: OriginRequest,
    res: OriginResponse,
    query: string,
    receive: number,
    record: RecordAnswer,
  ): void {
    const window = this.#options.media.window;
    const limitMs = this.#holdLimitMs();
    // What LL-HLS clients send is read by index; anything else through URLSearchParams.
    let request = parsePlainDirectives(query);
    if (request === null) {
      const parsed = parsePlaylistRequest(new URLSearchParams(query), limitMs);
      if (!parsed.ok) {
        this.#error(res, 400, parsed.reason, receive);
        record(400, 0);
        return;
      }
      request = parsed.request;
    }
    const decision = decideReload(window, request, { heldMs: 0, limitMs, shuttingDown: false });
    if (decision.kind !== 'wait') {
      this.#answerPlaylist(req, res, request, decision, receive, record);
      return;
    }
    // Held until the reload decision says answer (held-reload.ts), with the requests waiting for
    // the same part, segment or version.
    const held = new HeldReload(this.#reloadContext, req, res, receive, record, request, decision, limitMs);
    this.#held.hold(held, decision.untilMs);
  }

  /** Does what the reload decision says (all but `wait`) for `request`. */
  #answerPlaylist(
    req: OriginRequest,
    res: OriginResponse,
    request: PlaylistRequest,
    decision: ReloadDecision,
    receive: number,
    record: RecordAnswer,
  ): void {
    const now = this.#now();
    const holdMs = now - receive;
    if (decision.kind === 'bad-request' || decision.kind === 'unavailable') {
      const status = decision.kind === 'bad-request' ? 400 : 503;
      if (decision.kind === 'unavailable' && decision.retryAfter !== undefined) {
        res.setHeader('Retry-After', String(decision.retryAfter));
      }
      this.#error(res, status, decision.reason, receive);
      record(status, status === 400 ? 0 : holdMs);
      return;
    }
    const text = this.#playlists.get(request.skip !== undefined);
    if (text === null) {
      this.#error(res, 503, 'no media published yet', receive);
      record(503, holdMs);
      return;
    }
    const window = this.#options.media.window;
    const timing = formatServerTiming({ holdMs, publish: window.updatedAt, now, version: window.version });
    record(200, holdMs);
    // The answer of a blocking reload (`_HLS_msn`, or `version`) has its own Cache-Control.
    const blocking = request.msn !== undefined || request.version !== undefined;
    const cache = blocking ? CacheControl.BlockingPlaylist : CacheControl.Playlist;
    sendText(req, res, 200, M3U8, text, cache, timing);
  }

  /** The deadline of a request held from now (3 target durations). */
  #holdLimitMs(): number {
    const media = this.#options.media;
    return holdLimitMs(media.window.advertised, media.segmentTarget);
  }

  /** The multivariant playlist; held until a segment is complete (its BANDWIDTH is measured). */
  #multivariant(req: OriginRequest, res: OriginResponse, receive: number, record: RecordAnswer): void {
    const media = this.#options.media;
    const answer = (text: string): void => {
      const holdMs = this.#now() - receive;
      record(200, holdMs);
      sendText(req, res, 200, M3U8, text, CacheControl.Playlist, formatServerTiming({ holdMs }));
    };
    const now = media.renderMultivariant(this.#stream());
    if (now !== null) {
      answer(now);
      return;
    }
    const deadlineMs = this.#holdLimitMs();
    this.#held.holdUntil(res, {
      deadlineMs,
      expire: (why) => this.#held.unavailable(res, why, { receive, deadlineMs }, record),
      subscribe: (resolve) =>
        media.window.on('segment', () => {
          const text = media.renderMultivariant(this.#stream());
          if (text !== null) resolve(() => answer(text));
        }),
    });
  }

  /** Content-Type of parts and segments. */
  get #mediaType(): string {
    return CONTAINER_MEDIA[this.#options.media.window.container].contentType;
  }

  #stream(): StreamDescription {
    const stream = this.#options.stream;
    return typeof stream === 'function' ? stream() : stream;
  }

  #health() {
    const media = this.#options.media;
    const window = media.window;
    const last = window.lastPart;
    const health = this.#options.health?.() ?? {
      state: window.segments.length > 0 ? 'ok' : 'starting',
      reason: null,
    };
    return {
      status: health.state,
      reason: health.reason,
      serverTime: this.#now(),
      uptimeMs: this.#now() - this.#startedAt,
      mediaSequence: window.mediaSequence,
      discontinuitySequence: window.discontinuitySequence,
      playlistVersion: window.version,
      lastPart: last === null ? null : { msn: last.msn, part: last.index, publish: last.publish },
      heldRequests: this.#held.size,
      stats: media.stats(),
    };
  }

  #error(res: OriginResponse, status: number, message: string, receive: number): void {
    setCors(res);
    res.setHeader('Server-Timing', formatServerTiming({ holdMs: this.#now() - receive }));
    sendBody(res, status, 'text/plain; charset=utf-8', `${status} ${message}\n`, CacheControl.NoStore);
  }
}

/** A listen failure as the user can fix it: the flag to change, in one line. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const fix = (code: LlhlsErrorCode, message: string): LlhlsError =>
    new LlhlsError(code, message, { cause: error });
  switch (error.code) {
    case 'EADDRINUSE':
      return fix(
        LlhlsErrorCode.PortInUse,
        `port ${port} on ${host} is in use: pick another with --http-port`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fix(
        LlhlsErrorCode.InvalidFlag,
        `--host ${host} is not an address or a name this machine resolves: use e.g. 127.0.0.1 or ::1`,
      );
    case 'EADDRNOTAVAIL':
      return fix(
        LlhlsErrorCode.InvalidFlag,
        `--host ${host} is not an address of this machine: use e.g. 127.0.0.1, ::1 or 0.0.0.0`,
      );
    case 'EACCES':
      return fix(
        LlhlsErrorCode.InvalidFlag,
        `port ${port} on ${host} needs privileges: pick one above 1023 with --http-port`,
      );
    default:
      return error;
  }
}
