import type { ServerResponse } from 'node:http';
import { formatServerTiming, SERVER_TIMING_NOT_HELD } from '../../src/server-timing.js';
import { CONTAINER_MEDIA } from '../packager/container.js';
import { CacheControl } from './cache-control.js';
import { type DeadlineEntry, DeadlineList } from './deadline-list.js';
import { HintWaiters, ReloadWaiters } from './held-waiters.js';
import type { OriginResponse } from './respond.js';
import { sendWhole, setCors } from './respond.js';
import type { ServedWindow } from './served-media.js';

/** Why a held request ends without its answer. */
export type HoldEnd = 'deadline' | 'shutdown';

/** Records an answered request (status, ms held) for the origin's `request` event. */
export type RecordAnswer = (status: number, holdMs: number) => void;

export interface HoldOptions {
  /** ms from now after which `expire('deadline')` answers instead. */
  deadlineMs: number;
  /** Registers listeners and returns their unregister function; calls `resolve(send)` once the
   *  answer is ready (`send` runs unless the client has gone). */
  subscribe: (resolve: Resolve) => () => void;
  /** Answers a request whose headers are not sent yet at its deadline or at shutdown (a
   *  streaming answer is ended at shutdown and cut at its deadline instead). */
  expire: (why: HoldEnd) => void;
}

/** Answers a held request with `send` (unless it has ended or its client has gone). */
export type Resolve = (send: () => void) => void;

/** Where a held response finds its hold: one shared `close` listener serves every response. */
const HOLD = Symbol('llhls.hold');
type HeldResponse = OriginResponse & { [HOLD]?: Hold | undefined };

/**
 * One held request: its state in one object, its deadline an entry of the held requests' one
 * deadline list (./deadline-list.ts) and its `close` listener a shared function, rather than a
 * timer and a closure for each (a thousand viewers hold two thousand requests per part).
 */
class Hold implements DeadlineEntry<Hold> {
  readonly res: HeldResponse;
  readonly expire: (why: HoldEnd) => void;
  readonly #all: DeadlineList<Hold>;
  readonly deadlineAt: number;
  /** Neighbours in `#all`. */
  prev: Hold | null = null;
  next: Hold | null = null;
  #finished = false;
  #unsubscribe: (() => void) | null = null;
  /** `resolve` as the subscriber calls it. */
  readonly resolve: Resolve = (send) => {
    if (this.#end() && !this.res.destroyed) send();
  };

  constructor(all: DeadlineList<Hold>, res: OriginResponse, options: HoldOptions) {
    this.res = res;
    this.expire = options.expire;
    this.#all = all;
    this.deadlineAt = performance.now() + options.deadlineMs;
    this.res[HOLD] = this;
    res.on('close', onClose);
    all.add(this);
    const unsubscribe = options.subscribe(this.resolve);
    if (this.#finished) unsubscribe();
    else this.#unsubscribe = unsubscribe;
  }

  /** Ends the hold (deadline, listeners, registration) once; false when it had ended already. */
  #end(): boolean {
    if (this.#finished) return false;
    this.#finished = true;
    this.#unsubscribe?.();
    this.#all.remove(this);
    // The `close` listener (one shared function) stays: it finds no hold now and does nothing,
    // once, when the response closes. Removing it is a search and a delete in the response's
    // listener table per request, for nothing.
    this.res[HOLD] = undefined;
    return true;
  }

  /** The client went away: forget the request at once. */
  forget(): void {
    this.#end();
  }

  /** The server shuts down: a started (streaming) answer ends, any other expires. */
  shutdown(): void {
    this.resolve(() => (this.res.headersSent ? this.res.end() : this.expire('shutdown')));
  }
}

function onClose(this: HeldResponse): void {
  this[HOLD]?.forget();
}

/** The deadline: a started (streaming) answer is cut, any other expires. */
function atDeadline(hold: Hold): void {
  hold.resolve(() => (hold.res.headersSent ? hold.res.destroy() : hold.expire('deadline')));
}

/** What the held requests need of the origin: the window served, its clock and its error answer. */
export interface HeldRequestsContext {
  window: ServedWindow;
  now: () => number;
  error: (res: OriginResponse, status: number, message: string, receive: number) => void;
}

/**
 * Requests the origin holds open: blocking playlist reloads until the reload decision says
 * answer, and requests for the hinted part until it is complete (6.2.6), or streamed as it is
 * produced (--hint-streaming). Each ends exactly once: answered, expired at its deadline, ended at
 * shutdown, or forgotten when the client goes (its deadline and subscription removed at once).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.6
 */
export class HeldRequests {
  readonly #context: HeldRequestsContext;
  /** Every request being held. */
  readonly #held = new DeadlineList<Hold>(atDeadline);
  /** Blocking reloads waiting for the window, released in one pass per window change. */
  readonly reloads: ReloadWaiters;
  /** Requests for hinted parts, released in one pass per published part or moved hint. */
  readonly #hints: HintWaiters;

  constructor(context: HeldRequestsContext) {
    this.#context = context;
    this.reloads = new ReloadWaiters(context.window);
    this.#hints = new HintWaiters(context.window, context.now);
  }

  /** Requests held now (tests use it to prove disconnects leak nothing). */
  get size(): number {
    return this.#held.size;
  }

  /** Ends every held request: the server is shutting down. */
  endAll(): void {
    for (const hold of this.#held.toArray()) hold.shutdown();
  }

  /** Holds `res` until `options.subscribe` resolves it, its deadline, shutdown or disconnect. */
  hold(res: OriginResponse, options: HoldOptions): void {
    new Hold(this.#held, res, options);
  }

  /** The 503 of a held request that ends without its answer: at its deadline (with Retry-After)
   *  or at shutdown. */
  unavailable(
    res: OriginResponse,
    why: HoldEnd,
    held: { receive: number; deadlineMs: number },
    record: RecordAnswer,
  ): void {
    if (why === 'deadline') res.setHeader('Retry-After', '1');
    const message =
      why === 'shutdown'
        ? 'server shutting down'
        : `not available within 3 target durations (${held.deadlineMs / 1000} s)`;
    this.#context.error(res, 503, message, held.receive);
    record(503, this.#context.now() - held.receive);
  }

  /**
   * A request for the hinted part `number`: held until the part is published, then sent whole
   * (6.2.6); 404 when the hint moves on without it. With `streaming`, the headers and the bytes so
   * far go at once and every chunk follows as the packager commits it; a part that is abandoned
   * cuts the response.
   */
  hint(
    res: OriginResponse,
    hint: { number: number; receive: number; deadlineMs: number; streaming: boolean },
    record: RecordAnswer,
  ): void {
    const { number, receive, deadlineMs } = hint;
    const { window, now, error } = this.#context;
    const unavailable = (why: HoldEnd): void => this.unavailable(res, why, { receive, deadlineMs }, record);
    const contentType = CONTAINER_MEDIA[window.container].contentType;
    if (hint.streaming) {
      setCors(res);
      res.setHeader('Server-Timing', SERVER_TIMING_NOT_HELD);
      res.setHeader('Cache-Control', CacheControl.Media);
      res.setHeader('Content-Type', contentType);
      record(200, 0);
      const out = res as ServerResponse; // same surface on the HTTP/2 compatibility response
      out.writeHead(200);
      for (const chunk of window.hintChunks(number)) out.write(chunk);
      const published = (): boolean => window.resolve(window.partUri(number), now())?.kind === 'part';
      this.hold(res, {
        deadlineMs,
        expire: unavailable,
        subscribe: (resolve) => {
          const offData = window.on('hint-data', (event) => {
            if (event.number === number) out.write(event.chunk);
          });
          const offPart = window.on('part', (event) => {
            if (event.part.number === number) resolve(() => res.end());
          });
          const offHint = window.on('hint', (event) => {
            if (event.hint?.number !== number && !published()) resolve(() => res.destroy());
          });
          return () => {
            offData();
            offPart();
            offHint();
          };
        },
      });
      return;
    }
    // 6.2.6: held until the part is complete, then sent whole; requests for the same part wait as
    // one group (held-waiters.ts).
    this.hold(res, {
      deadlineMs,
      expire: unavailable,
      subscribe: (resolve) =>
        this.#hints.wait(
          number,
          (part) =>
            resolve(() => {
              const at = now();
              const timing = formatServerTiming({ holdMs: at - receive, publish: part.publish, now: at });
              record(200, at - receive);
              sendWhole(res, 200, contentType, part.bytes, CacheControl.Media, timing);
            }),
          // The hint moved on without this part being published: it never will be.
          () =>
            resolve(() => {
              error(res, 404, 'the hinted part was abandoned', receive);
              record(404, now() - receive);
            }),
        ),
    });
  }
}
