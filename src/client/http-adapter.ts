import { gunzipSync, inflateSync } from 'node:zlib';
import { type Dispatcher, errors } from 'undici';
import { ConnectionLanes } from './connection-lanes.js';
import { parseServerTiming } from './server-timing.js';
import { classifyTransfer, type TransferKind } from './transfer.js';

/** Client epoch ms: the one clock every client instant is read from. */
export type Clock = () => number;
export const epochNow: Clock = () => performance.timeOrigin + performance.now();

/** Decoded bodies kept (a few playlist versions, full and delta form). */
const DECODED_CACHE_SIZE = 16;

export interface HttpAdapterOptions {
  /** Connections per origin: enough for every held request (blocking reload + hint) at once. */
  connections: number;
  /** Per-request limit for headers and for each gap between body chunks, ms. */
  timeoutMs: number;
  clock?: Clock;
}

export interface HttpGetOptions {
  signal?: AbortSignal;
  /** Keep the (decompressed) body: playlists and JSON. Media bodies are only counted. */
  keepBody?: boolean;
  range?: { start: number; length: number | null } | null;
}

/** One request as seen by the client: `{start, headers, firstByte, end}` in client epoch ms. */
export interface HttpResult {
  url: string;
  status: number;
  start: number;
  headers: number | null;
  firstByte: number | null;
  end: number | null;
  /** Bytes received on the wire (compressed if the server compressed). */
  bytes: number;
  body: Buffer | null;
  transfer: TransferKind;
  serverTiming: Record<string, number> | null;
  contentType: string | null;
  /** Network-level failure (refused, reset, timeout, aborted); null when a status arrived. */
  error: string | null;
}

/**
 * The undici adapter: keep-alive connections (./connection-lanes.ts), timings on the client clock,
 * gzip accepted. Never throws for what a server or the network does: the result carries `error`.
 */
export class HttpAdapter {
  readonly #lanes: ConnectionLanes;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #children: HttpAdapter[] = [];
  /** Shared with forks: every viewer receives the same playlist bytes. */
  #decoded = new Map<string, Buffer>();

  constructor(options: HttpAdapterOptions) {
    if (!Number.isInteger(options.connections) || options.connections < 1) {
      throw new RangeError(`HttpAdapter: connections must be an integer >= 1, got ${options.connections}`);
    }
    if (!(options.timeoutMs > 0)) {
      throw new RangeError(`HttpAdapter: timeoutMs must be > 0, got ${options.timeoutMs}`);
    }
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock ?? epochNow;
    this.#lanes = new ConnectionLanes({ connections: options.connections, timeoutMs: options.timeoutMs });
  }

  get clock(): Clock {
    return this.#clock;
  }

  /**
   * An adapter on the same clock with its own connections: a viewer's few requests never scan
   * the pool every other viewer's held requests occupy (undici looks for a free connection
   * linearly). Closed with this adapter.
   */
  fork(connections: number): HttpAdapter {
    const child = new HttpAdapter({ connections, timeoutMs: this.#timeoutMs, clock: this.#clock });
    child.#decoded = this.#decoded;
    this.#children.push(child);
    return child;
  }

  /**
   * One GET. Uses undici's dispatcher directly (no body stream, no async iteration): every
   * instant is read in the callback that observes it.
   */
  get(url: string, options: HttpGetOptions = {}): Promise<HttpResult> {
    const start = this.#clock();
    const result: HttpResult = {
      url,
      status: 0,
      start,
      headers: null,
      firstByte: null,
      end: null,
      bytes: 0,
      body: null,
      transfer: 'unknown',
      serverTiming: null,
      contentType: null,
      error: null,
    };
    const signal = options.signal;
    if (signal?.aborted) {
      result.error = describe(signal.reason ?? new errors.RequestAbortedError());
      return Promise.resolve(result);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      result.error = describe(error);
      return Promise.resolve(result);
    }
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate' };
    if (options.range) {
      const { start: from, length } = options.range;
      headers['range'] = `bytes=${from}-${length === null ? '' : from + length - 1}`;
    }
    const keepBody = options.keepBody === true;
    const clock = this.#clock;
    return new Promise<HttpResult>((resolve) => {
      const chunks: Buffer[] = [];
      let count = 0;
      let last: number | null = null;
      let encoding: string | null = null;
      let abort: ((reason: Error) => void) | null = null;
      let abortReason: Error | null = null;
      let settled = false;
      const onAbort = (): void => {
        abortReason = (signal?.reason as Error | undefined) ?? new errors.RequestAbortedError();
        abort?.(abortReason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let done: (() => void) | null = null;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        done?.();
        signal?.removeEventListener('abort', onAbort);
        deferResolve(() => resolve(result));
      };
      const handler: Dispatcher.DispatchHandler = {
        onConnect: (abortRequest) => {
          abort = abortRequest as (reason: Error) => void;
          if (abortReason !== null) abortRequest(abortReason);
        },
        onHeaders: (statusCode, rawHeaders) => {
          result.headers = clock();
          result.status = statusCode;
          const timing: string[] = [];
          for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
            const name = (rawHeaders[i] as Buffer).toString('latin1').toLowerCase();
            if (name === 'server-timing') timing.push((rawHeaders[i + 1] as Buffer).toString('latin1'));
            else if (name === 'content-type' && result.contentType === null)
              result.contentType = (rawHeaders[i + 1] as Buffer).toString('latin1');
            else if (name === 'content-encoding') encoding = (rawHeaders[i + 1] as Buffer).toString('latin1');
          }
          result.serverTiming = parseServerTiming(
            timing.length === 0 ? undefined : timing.length === 1 ? timing[0] : timing,
          );
          return true;
        },
        onData: (chunk) => {
          last = clock();
          if (result.firstByte === null) result.firstByte = last;
          result.bytes += chunk.length;
          count += 1;
          if (keepBody) chunks.push(chunk);
          return true;
        },
        onComplete: () => {
          result.end = clock();
          if (result.firstByte === null) result.firstByte = result.headers;
          result.transfer = classifyTransfer(count > 0 ? result.firstByte : null, last, count);
          if (keepBody) {
            try {
              result.body = this.#decode(
                chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
                encoding,
              );
            } catch (error) {
              result.error = describe(error);
            }
          }
          settle();
        },
        onError: (error) => {
          result.error = describe(error);
          if (result.end === null && result.headers !== null) result.end = clock();
          settle();
        },
      };
      try {
        done = this.#lanes.dispatch(
          parsed.origin,
          {
            origin: parsed.origin,
            path: `${parsed.pathname}${parsed.search}`,
            method: 'GET',
            headers,
            headersTimeout: this.#timeoutMs,
            bodyTimeout: this.#timeoutMs,
          },
          handler,
        );
        // undici reports some failures (a destroyed client) synchronously, before `done` is known.
        if (settled) done();
      } catch (error) {
        result.error = describe(error);
        settle();
      }
    });
  }

  /**
   * Decodes a body. Viewers of one stream receive the same compressed bytes for a playlist
   * version: those are decompressed once (a small cache keyed by the wire bytes).
   */
  #decode(body: Buffer, encoding: string | null): Buffer {
    if (encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') return body;
    const key = `${encoding}:${body.toString('latin1')}`;
    const cached = this.#decoded.get(key);
    if (cached !== undefined) return cached;
    const decoded = encoding === 'deflate' ? inflateSync(body) : gunzipSync(body);
    this.#decoded.set(key, decoded);
    if (this.#decoded.size > DECODED_CACHE_SIZE) {
      const oldest = this.#decoded.keys().next().value;
      if (oldest !== undefined) this.#decoded.delete(oldest);
    }
    return decoded;
  }

  async close(): Promise<void> {
    await Promise.all([this.#lanes.close(), ...this.#children.map((child) => child.close())]);
  }
}

/**
 * Results are handed to their callers after the event loop's I/O phase, in one batch: when many
 * responses arrive together (every viewer's part is published at the same instant) each one's
 * instants are read as undici parses it, before any caller's processing of an earlier one runs.
 * Otherwise the client's own work for viewer 1 would be counted in viewer 1000's delivery.
 */
const deferred: Array<() => void> = [];
function deferResolve(resolve: () => void): void {
  deferred.push(resolve);
  if (deferred.length === 1) setImmediate(flushDeferred);
}
function flushDeferred(): void {
  const batch = deferred.splice(0, deferred.length);
  for (const resolve of batch) resolve();
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return typeof code === 'string' ? `${code} ${error.message}${cause}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
