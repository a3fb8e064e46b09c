import type { ServerResponse } from 'node:http';
import { formatServerTiming, SERVER_TIMING_NOT_HELD } from '../../src/server-timing.js';
import { CONTAINER_MEDIA } from '../packager/container.js';
import type { Part } from '../packager/media-types.js';
import { CacheControl } from './cache-control.js';
import { type DeadlineEntry, DeadlineList } from './deadline-list.js';
import { type HintWaiter, HintWaiters, ReloadWaiters } from './held-waiters.js';
import type { OriginResponse } from './respond.js';
import { sendWhole, setCors } from './respond.js';
import { partPublished, type ServedWindow } from './served-media.js';

/** Why a held request ends without its answer. */
export type HoldEnd = 'deadline' | 'shutdown';

/** Records an answered request (status, ms held) for the origin's `request` event. */
export type RecordAnswer = (status: number, holdMs: number) => void;

/** Where a held response finds its hold: one shared `close` listener serves every response. */
const HOLD = Symbol('llhls.hold');
type HeldResponse = OriginResponse & { [HOLD]?: HeldRequest | undefined };

/**
 * One held request, its state in one object: a subclass says what releases it (`subscribe`,
 * `unsubscribe`) and how it ends without its answer (`expire`), and is itself the waiter its
 * subscription calls (./held-waiters.ts), so holding a request allocates no closure. Its deadline
 * is an entry of the held requests' one deadline list (./deadline-list.ts) and its `close`
 * listener a shared function, rather than a timer and a closure for each (a thousand viewers hold
 * two thousand requests per part). It ends exactly once: released with its answer, expired at its
 * deadline, ended at shutdown, or forgotten when its client goes.
 */
export abstract class HeldRequest implements DeadlineEntry<HeldRequest> {
  readonly res: HeldResponse;
  /** `performance.now()` ms at which it expires (set when held). */
  deadlineAt = 0;
  /** Neighbours in the deadline list. */
  prev: HeldRequest | null = null;
  next: HeldRequest | null = null;
  #list: DeadlineList<HeldRequest> | null = null;
  #finished = false;
  #subscribed = false;

  constructor(res: OriginResponse) {
    this.res = res;
  }

  /** Registers with what releases it (it then calls `release()` and answers). */
  protected abstract subscribe(): void;
  /** Undoes `subscribe` (the hold ended another way). */
  protected abstract unsubscribe(): void;
  /** Answers a request whose headers are not sent yet at its deadline or at shutdown (a
   *  streaming answer is ended at shutdown and cut at its deadline instead). */
  protected abstract expire(why: HoldEnd): void;

  /** Holds it in `list` for `deadlineMs` at most (HeldRequests.hold). */
  start(list: DeadlineList<HeldRequest>, deadlineMs: number): void {
    this.deadlineAt = performance.now() + deadlineMs;
    this.#list = list;
    this.res[HOLD] = this;
    this.res.on('close', onClose);
    list.add(this);
    this.subscribe();
    // Released while subscribing (the answer was ready): nothing stays registered.
    if (this.#finished) this.unsubscribe();
    else this.#subscribed = true;
  }

  /** Ends the hold (deadline, subscription) once: true when it was held and its client is
   *  still there, and the caller answers now; false when it had ended or the client has gone. */
  protected release(): boolean {
    if (this.#finished) return false;
    this.#finished = true;
    if (this.#subscribed) {
      this.#subscribed = false;
      this.unsubscribe();
    }
    this.#list?.remove(this);
    // The `close` listener (one shared function) stays: it finds no hold now and does nothing,
    // once, when the response closes. Removing it is a search and a delete in the response's
    // listener table per request, for nothing.
    this.res[HOLD] = undefined;
    return !this.res.destroyed;
  }

  /** The client went away: forget the request at once. */
  forget(): void {
    this.release();
  }

  /** The deadline: a started (streaming) answer is cut, any other expires. */
  atDeadline(): void {
    if (!this.release()) return;
    if (this.res.headersSent) this.res.destroy();
    else this.expire('deadline');
  }

  /** The server shuts down: a started (streaming) answer ends, any other expires. */
  shutdown(): void {
    if (!this.release()) return;
    if (this.res.headersSent) this.res.end();
    else this.expire('shutdown');
  }
}

function onClose(this: HeldResponse): void {
  this[HOLD]?.forget();
}

function atDeadline(held: HeldRequest): void {
  held.atDeadline();
}

/** A rare hold (/master.m3u8 before a segment, a streamed hinted part) described by closures. */
export interface HoldOptions {
  /** ms from now after which `expire('deadline')` answers instead. */
  deadlineMs: number;
  /** Registers listeners and returns their unregister function; calls `resolve(send)` once the
   *  answer is ready (`send` runs unless the hold has ended or the client has gone). */
  subscribe: (resolve: (send: () => void) => void) => () => void;
  /** As HeldRequest's `expire`. */
  expire: (why: HoldEnd) => void;
}

class CallbackHold extends HeldRequest {
  readonly #options: HoldOptions;
  #off: (() => void) | null = null;

  constructor(res: OriginResponse, options: HoldOptions) {
    super(res);
    this.#options = options;
  }

  protected subscribe(): void {
    this.#off = this.#options.subscribe((send) => {
      if (this.release()) send();
    });
  }

  protected unsubscribe(): void {
    const off = this.#off;
    this.#off = null;
    off?.();
  }

  protected expire(why: HoldEnd): void {
    this.#options.expire(why);
  }
}

/** What the held requests need of the origin: the window served, its clock and its error answer. */
export interface HeldRequestsContext {
  window: ServedWindow;
  now: () => number;
  error: (res: OriginResponse, status: number, message: string, receive: number) => void;
}

/**
 * A request for a hinted part, held until the part is published and then sent whole (6.2.6), or
 * answered 404 when the hint moves on without it. It waits in HintWaiters as itself.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.6
 */
class HeldHint extends HeldRequest implements HintWaiter {
  readonly #held: HeldRequests;
  readonly #number: number;
  readonly #receive: number;
  readonly #deadlineMs: number;
  readonly #record: RecordAnswer;
  waitingIn: Set<HintWaiter> | null = null;

  constructor(
    held: HeldRequests,
    res: OriginResponse,
    hint: { number: number; receive: number; deadlineMs: number },
    record: RecordAnswer,
  ) {
    super(res);
    this.#held = held;
    this.#number = hint.number;
    this.#receive = hint.receive;
    this.#deadlineMs = hint.deadlineMs;
    this.#record = record;
  }

  protected subscribe(): void {
    this.#held.hints.wait(this.#number, this);
  }

  protected unsubscribe(): void {
    this.#held.hints.cancel(this, this.#number);
  }

  protected expire(why: HoldEnd): void {
    this.#held.unavailable(
      this.res,
      why,
      { receive: this.#receive, deadlineMs: this.#deadlineMs },
      this.#record,
    );
  }

  onPart(part: Part): void {
    if (!this.release()) return;
    const { window, now } = this.#held.context;
    const at = now();
    const holdMs = at - this.#receive;
    const timing = formatServerTiming({ holdMs, publish: part.publish, now: at });
    this.#record(200, holdMs);
    const contentType = CONTAINER_MEDIA[window.container].contentType;
    sendWhole(this.res, 200, contentType, part.bytes, CacheControl.Media, timing);
  }

  onAbandoned(): void {
    if (!this.release()) return;
    const { error, now } = this.#held.context;
    error(this.res, 404, 'the hinted part was abandoned', this.#receive);
    this.#record(404, now() - this.#receive);
  }
}

/**
 * Requests the origin holds open: blocking playlist reloads until the reload decision says
 * answer (./held-reload.ts), and requests for the hinted part until it is complete (6.2.6), or
 * streamed as it is produced (--hint-streaming). Each ends exactly once: answered, expired at its
 * deadline, ended at shutdown, or forgotten when the client goes (its deadline and subscription
 * removed at once).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.6
 */
export class HeldRequests {
  readonly context: HeldRequestsContext;
  /** Every request being held. */
  readonly #held = new DeadlineList<HeldRequest>(atDeadline);
  /** Blocking reloads waiting for the window, released in one pass per window change. */
  readonly reloads: ReloadWaiters;
  /** Requests for hinted parts, released in one pass per published part or moved hint. */
  readonly hints: HintWaiters;

  constructor(context: HeldRequestsContext) {
    this.context = context;
    this.reloads = new ReloadWaiters(context.window);
    this.hints = new HintWaiters(context.window, context.now);
  }

  /** Requests held now (tests use it to prove disconnects leak nothing). */
  get size(): number {
    return this.#held.size;
  }

  /** Ends every held request: the server is shutting down. */
  endAll(): void {
    for (const held of this.#held.toArray()) held.shutdown();
  }

  /** Holds `request` until it is released, its deadline (`deadlineMs` from now), shutdown or
   *  disconnect. */
  hold(request: HeldRequest, deadlineMs: number): void {
    request.start(this.#held, deadlineMs);
  }

  /** Holds `res` as `options` say (a hold that is rare enough to be closures). */
  holdUntil(res: OriginResponse, options: HoldOptions): void {
    this.hold(new CallbackHold(res, options), options.deadlineMs);
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
    this.context.error(res, 503, message, held.receive);
    record(503, this.context.now() - held.receive);
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
    if (!hint.streaming) {
      // 6.2.6: held until the part is complete, then sent whole; requests for the same part wait
      // as one group (held-waiters.ts).
      this.hold(new HeldHint(this, res, hint, record), hint.deadlineMs);
      return;
    }
    const { number, receive, deadlineMs } = hint;
    const { window, now } = this.context;
    setCors(res);
    res.setHeader('Server-Timing', SERVER_TIMING_NOT_HELD);
    res.setHeader('Cache-Control', CacheControl.Media);
    res.setHeader('Content-Type', CONTAINER_MEDIA[window.container].contentType);
    record(200, 0);
    const out = res as ServerResponse; // same surface on the HTTP/2 compatibility response
    out.writeHead(200);
    for (const chunk of window.hintChunks(number)) out.write(chunk);
    this.holdUntil(res, {
      deadlineMs,
      expire: (why) => this.unavailable(res, why, { receive, deadlineMs }, record),
      subscribe: (resolve) => {
        const offData = window.on('hint-data', (event) => {
          if (event.number === number) out.write(event.chunk);
        });
        const offPart = window.on('part', (event) => {
          if (event.part.number === number) resolve(() => res.end());
        });
        const offHint = window.on('hint', (event) => {
          if (event.hint?.number !== number && !partPublished(window, number, now()))
            resolve(() => res.destroy());
        });
        return () => {
          offData();
          offPart();
          offHint();
        };
      },
    });
  }
}
