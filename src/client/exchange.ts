import { type Dispatcher, errors } from 'undici';
import { classifyNetworkError, NetworkErrorKind } from '../network-error.js';
import { parseServerTiming } from '../server-timing.js';
import { type Abortable, unwatchAbort } from './abort-watch.js';
import type { DecodedBodies } from './decoded-bodies.js';
import type { Clock, HttpResult } from './http-adapter.js';
import { classifyTransfer } from './transfer.js';

// Header names the client reads, matched by byte length first: most response headers are
// skipped without being decoded to a string.
const SERVER_TIMING = 'server-timing';
const CONTENT_TYPE = 'content-type';
const CONTENT_ENCODING = 'content-encoding';

/**
 * One GET in flight: undici's dispatch handler, recording each instant in the callback that
 * observes it. A class rather than closures: thousands of requests a second each cost one object.
 */
export class Exchange implements Dispatcher.DispatchHandler, Abortable {
  readonly result: HttpResult;
  readonly #resolve: (result: HttpResult) => void;
  readonly #clock: Clock;
  /** Where kept bodies are decoded; null: the body is only counted (media). */
  readonly #bodies: DecodedBodies | null;
  readonly #signal: AbortSignal | null;
  #chunks: Buffer[] | null = null;
  #count = 0;
  #last: number | null = null;
  #encoding: string | null = null;
  #abortRequest: ((reason: Error) => void) | null = null;
  #abortReason: Error | null = null;
  #settled = false;
  /** Called once when the request ends (frees its connection). */
  onEnd: (() => void) | null = null;

  constructor(
    result: HttpResult,
    resolve: (result: HttpResult) => void,
    clock: Clock,
    bodies: DecodedBodies | null,
    signal: AbortSignal | null,
  ) {
    this.result = result;
    this.#resolve = resolve;
    this.#clock = clock;
    this.#bodies = bodies;
    this.#signal = signal;
  }

  get settled(): boolean {
    return this.#settled;
  }

  onAbort(signal: AbortSignal): void {
    this.#abortReason = (signal.reason as Error | undefined) ?? new errors.RequestAbortedError();
    this.#abortRequest?.(this.#abortReason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abortRequest = abort;
    if (this.#abortReason !== null) abort(this.#abortReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    const result = this.result;
    result.headers = this.#clock();
    result.status = statusCode;
    let timing: string | string[] | undefined;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const raw = rawHeaders[i] as Buffer;
      const length = raw.length;
      if (length !== 13 && length !== 12 && length !== 16) continue;
      const name = raw.toString('latin1').toLowerCase();
      if (name === SERVER_TIMING) {
        const value = (rawHeaders[i + 1] as Buffer).toString('latin1');
        if (timing === undefined) timing = value;
        else if (typeof timing === 'string') timing = [timing, value];
        else timing.push(value);
      } else if (name === CONTENT_TYPE && result.contentType === null) {
        result.contentType = (rawHeaders[i + 1] as Buffer).toString('latin1');
      } else if (name === CONTENT_ENCODING) {
        this.#encoding = (rawHeaders[i + 1] as Buffer).toString('latin1');
      }
    }
    result.serverTiming = parseServerTiming(timing);
    return true;
  }

  onData(chunk: Buffer): boolean {
    const now = this.#clock();
    this.#last = now;
    const result = this.result;
    if (result.firstByte === null) result.firstByte = now;
    result.bytes += chunk.length;
    this.#count += 1;
    if (this.#bodies !== null) {
      if (this.#chunks === null) this.#chunks = [chunk];
      else this.#chunks.push(chunk);
    }
    return true;
  }

  onComplete(): void {
    const result = this.result;
    result.end = this.#clock();
    if (result.firstByte === null) result.firstByte = result.headers;
    result.transfer = classifyTransfer(this.#count > 0 ? result.firstByte : null, this.#last, this.#count);
    if (this.#bodies !== null) {
      const chunks = this.#chunks ?? [];
      try {
        result.body = this.#bodies.decode(
          chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
          this.#encoding,
        );
      } catch (error) {
        result.error = describe(error);
        result.errorKind = NetworkErrorKind.Other;
      }
    }
    this.settle();
  }

  onError(error: Error): void {
    const result = this.result;
    result.error = describe(error);
    // Aborted by the run's end: this exchange's own abort reason, whatever undici wraps it in.
    result.errorKind = this.#abortReason !== null ? NetworkErrorKind.Aborted : classifyNetworkError(error);
    if (result.end === null && result.headers !== null) result.end = this.#clock();
    this.settle();
  }

  /** Ends the exchange once: frees the connection, and hands the result over after I/O. */
  settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.onEnd?.();
    if (this.#signal !== null) unwatchAbort(this.#signal, this);
    deferDelivery(this, this.#bodies !== null);
  }

  deliver(): void {
    this.#resolve(this.result);
  }
}

/**
 * Results are handed to their callers after the event loop's I/O phase, a few at a time: when
 * many responses arrive together (every viewer's part is published at the same instant) each
 * one's instants are read as undici parses it, before any caller's processing of an earlier one
 * runs. Otherwise the client's own work for viewer 1 would be counted in viewer 1000's delivery.
 * The batch is cut in slices with an I/O phase between them: a thousand callers' processing of
 * their playlists (new requests included) would otherwise hold every response that arrives
 * meanwhile unread, and its arrival time late, for tens of milliseconds.
 * Kept bodies (playlists) go first: what a viewer does with a playlist (its next blocking reload
 * and hint request) is on the path to its next part, while a media result only becomes a sample.
 *
 * A slice is DELIVERIES_PER_TURN, or more when over MAX_WAITING wait: a fixed slice alone falls
 * behind for good once I/O phases settle more than it (a loaded or starved process reads hundreds
 * of responses a turn), and the queue then grows by the difference every turn: 100 viewers on a
 * starved machine held ~46 000 undelivered results (old generation ~180 MB) a minute into a run,
 * every viewer seconds behind its own responses. Past MAX_WAITING a turn delivers down to it, so
 * at most MAX_WAITING plus one turn's arrivals wait.
 */
const DELIVERIES_PER_TURN = 16;
const MAX_WAITING = 1024;

/** How many results to deliver in this turn, with `waiting` waiting. */
function deliveriesThisTurn(waiting: number): number {
  return Math.max(DELIVERIES_PER_TURN, waiting - MAX_WAITING);
}

/** A FIFO of exchanges; delivered slots are cleared so nothing stays alive. */
class DeliveryQueue {
  #items: Array<Exchange | null> = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(exchange: Exchange): void {
    this.#items.push(exchange);
  }

  shift(): Exchange {
    const items = this.#items;
    const exchange = items[this.#head] as Exchange;
    items[this.#head] = null;
    this.#head += 1;
    if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024) {
      // Under sustained load the queue may never empty: drop the delivered head now and then.
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    return exchange;
  }
}

const urgent = new DeliveryQueue();
const normal = new DeliveryQueue();
let scheduled = false;

function deferDelivery(exchange: Exchange, first: boolean): void {
  (first ? urgent : normal).push(exchange);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushDeferred);
  }
}

/** Results settled and not yet handed to their callers (tests). */
export function undelivered(): number {
  return urgent.size + normal.size;
}

function flushDeferred(): void {
  const slice = deliveriesThisTurn(undelivered());
  for (let n = 0; n < slice; n += 1) {
    if (urgent.size > 0) urgent.shift().deliver();
    else if (normal.size > 0) normal.shift().deliver();
    else break;
  }
  if (urgent.size > 0 || normal.size > 0) setImmediate(flushDeferred);
  else scheduled = false;
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return typeof code === 'string' ? `${code} ${error.message}${cause}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
