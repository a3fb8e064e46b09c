import { gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { parseServerTiming } from './server-timing.js';
import { classifyTransfer, type TransferKind } from './transfer.js';

/** Client epoch ms: the one clock every client instant is read from. */
export type Clock = () => number;
export const epochNow: Clock = () => performance.timeOrigin + performance.now();

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
 * The undici adapter: one keep-alive Agent shared by every viewer, timings on the client clock,
 * gzip accepted. Never throws for what a server or the network does: the result carries `error`.
 */
export class HttpAdapter {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: HttpAdapterOptions) {
    if (!Number.isInteger(options.connections) || options.connections < 1) {
      throw new RangeError(`HttpAdapter: connections must be an integer >= 1, got ${options.connections}`);
    }
    if (!(options.timeoutMs > 0)) {
      throw new RangeError(`HttpAdapter: timeoutMs must be > 0, got ${options.timeoutMs}`);
    }
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock ?? epochNow;
    this.#agent = new Agent({
      connections: options.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  get clock(): Clock {
    return this.#clock;
  }

  async get(url: string, options: HttpGetOptions = {}): Promise<HttpResult> {
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
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate' };
    if (options.range) {
      const { start: from, length } = options.range;
      headers['range'] = `bytes=${from}-${length === null ? '' : from + length - 1}`;
    }
    try {
      const response = await request(url, {
        dispatcher: this.#agent,
        method: 'GET',
        headers,
        signal: options.signal ?? null,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      result.headers = this.#clock();
      result.status = response.statusCode;
      result.serverTiming = parseServerTiming(response.headers['server-timing']);
      const contentType = response.headers['content-type'];
      result.contentType = typeof contentType === 'string' ? contentType : null;
      const chunks: Buffer[] = [];
      let count = 0;
      let last: number | null = null;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        last = this.#clock();
        if (result.firstByte === null) result.firstByte = last;
        result.bytes += chunk.length;
        count += 1;
        if (options.keepBody) chunks.push(chunk);
      }
      result.end = this.#clock();
      if (result.firstByte === null) result.firstByte = result.headers;
      result.transfer = classifyTransfer(count > 0 ? result.firstByte : null, last, count);
      if (options.keepBody) {
        result.body = decode(Buffer.concat(chunks), response.headers['content-encoding']);
      }
    } catch (error) {
      result.error = describe(error);
      if (result.end === null && result.headers !== null) result.end = this.#clock();
    }
    return result;
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}

function decode(body: Buffer, encoding: string | string[] | undefined): Buffer {
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return typeof code === 'string' ? `${code} ${error.message}${cause}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
