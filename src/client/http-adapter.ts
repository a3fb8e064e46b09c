import { errors } from 'undici';
import { epochNow as sharedEpochNow } from '../epoch-now.js';
import { classifyNetworkError, NetworkErrorKind } from '../network-error.js';
import { DEFAULT_TLS, type TlsOptions } from '../tls-options.js';
import { watchAbort } from './abort-watch.js';
import { ConnectionLanes } from './connection-lanes.js';
import { DecodedBodies } from './decoded-bodies.js';
import { describe, Exchange } from './exchange.js';
import { type RequestTarget, requestTarget } from './request-target.js';
import type { TransferKind } from './transfer.js';

/** Client epoch ms: the one clock every client instant is read from. */
export type Clock = () => number;
export const epochNow: Clock = sharedEpochNow;

/** Every request asks for compressed bodies; a Range is added per request when needed. */
const PLAIN_HEADERS: Record<string, string> = Object.freeze({ 'accept-encoding': 'gzip, deflate' });

export interface HttpAdapterOptions {
  /** Connections per origin: enough for every held request (blocking reload + hint) at once. */
  connections: number;
  /** Per-request limit for headers and for each gap between body chunks, ms. */
  timeoutMs: number;
  clock?: Clock;
  /** Which TLS certificates to trust (default: the public authorities, as Node does). */
  tls?: TlsOptions;
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
  /** What kind of failure `error` is; null without one. */
  errorKind: NetworkErrorKind | null;
}

/** A request's result before anything came back: filled in as the exchange observes it. */
export function emptyResult(url: string, start: number): HttpResult {
  return {
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
    errorKind: null,
  };
}

/**
 * The undici adapter: keep-alive connections (./connection-lanes.ts), timings on the client clock,
 * gzip accepted. Never throws for what a server or the network does: the result carries `error`.
 */
export class HttpAdapter {
  readonly #lanes: ConnectionLanes;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #tls: TlsOptions;
  readonly #children: HttpAdapter[] = [];
  /** Shared with forks: every viewer receives the same playlist bytes. */
  #decoded = new DecodedBodies();

  constructor(options: HttpAdapterOptions) {
    if (!Number.isInteger(options.connections) || options.connections < 1) {
      throw new RangeError(`HttpAdapter: connections must be an integer >= 1, got ${options.connections}`);
    }
    if (!(options.timeoutMs > 0)) {
      throw new RangeError(`HttpAdapter: timeoutMs must be > 0, got ${options.timeoutMs}`);
    }
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock ?? epochNow;
    this.#tls = options.tls ?? DEFAULT_TLS;
    this.#lanes = new ConnectionLanes({
      connections: options.connections,
      timeoutMs: options.timeoutMs,
      tls: this.#tls,
    });
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
    const child = new HttpAdapter({
      connections,
      timeoutMs: this.#timeoutMs,
      clock: this.#clock,
      tls: this.#tls,
    });
    child.#decoded = this.#decoded;
    this.#children.push(child);
    return child;
  }

  /**
   * One GET. Uses undici's dispatcher directly (no body stream, no async iteration): every
   * instant is read in the callback that observes it (./exchange.ts).
   */
  get(url: string, options: HttpGetOptions = {}): Promise<HttpResult> {
    const start = this.#clock();
    const result = emptyResult(url, start);
    const signal = options.signal;
    if (signal?.aborted) {
      result.error = describe(signal.reason ?? new errors.RequestAbortedError());
      result.errorKind = NetworkErrorKind.Aborted;
      return Promise.resolve(result);
    }
    let target: RequestTarget;
    try {
      target = requestTarget(url);
    } catch (error) {
      result.error = describe(error);
      result.errorKind = NetworkErrorKind.Other;
      return Promise.resolve(result);
    }
    let headers: Record<string, string> = PLAIN_HEADERS;
    if (options.range) {
      const { start: from, length } = options.range;
      headers = { ...PLAIN_HEADERS, range: `bytes=${from}-${length === null ? '' : from + length - 1}` };
    }
    const bodies = options.keepBody === true ? this.#decoded : null;
    return new Promise<HttpResult>((resolve) => {
      const exchange = new Exchange(result, resolve, this.#clock, bodies, signal ?? null);
      if (signal !== undefined) watchAbort(signal, exchange);
      try {
        const done = this.#lanes.dispatch(
          target.origin,
          {
            origin: target.origin,
            path: target.path,
            method: 'GET',
            headers,
            headersTimeout: this.#timeoutMs,
            bodyTimeout: this.#timeoutMs,
          },
          exchange,
        );
        // undici reports some failures (a destroyed client) synchronously, before `done` is known.
        if (exchange.settled) done();
        else exchange.onEnd = done;
      } catch (error) {
        result.error = describe(error);
        result.errorKind = classifyNetworkError(error);
        exchange.settle();
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.#lanes.close(), ...this.#children.map((child) => child.close())]);
  }
}
