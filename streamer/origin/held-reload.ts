import { decideReload, type PlaylistRequest, type ReloadDecision } from '../packager/blocking-reload.js';
import { HeldRequest, type HoldEnd, type RecordAnswer } from './held-requests.js';
import { type ReloadGroup, type ReloadWaiter, type ReloadWaiters, waitKey } from './held-waiters.js';
import type { OriginRequest, OriginResponse } from './respond.js';
import type { ServedWindow } from './served-media.js';

/** What held reloads share (one per origin): the window, its waiters and the origin's answer. */
export interface ReloadContext {
  readonly window: ServedWindow;
  readonly reloads: ReloadWaiters;
  /** Answers `held` as `decision` says (all but `wait`). */
  answer(held: HeldReload, decision: ReloadDecision): void;
}

/** The reload decision that holds a request. */
type WaitDecision = Extract<ReloadDecision, { kind: 'wait' }>;

/**
 * A blocking playlist reload held until the reload decision (streamer/packager/blocking-reload.ts)
 * says answer: it waits in ReloadWaiters with the requests waiting for the same part, segment or
 * version (one decision per window change for the group: it does not depend on how long a request
 * was held, only the deadline does, and that is `expire`), and is answered with its own request.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class HeldReload extends HeldRequest implements ReloadWaiter {
  readonly #context: ReloadContext;
  readonly req: OriginRequest;
  readonly request: PlaylistRequest;
  readonly #decision: WaitDecision;
  readonly #limitMs: number;
  /** When the request arrived (server clock, epoch ms). */
  readonly receive: number;
  readonly record: RecordAnswer;
  waitingIn: ReloadGroup | null = null;

  // Positional: an options object would be one more allocation per held request.
  constructor(
    context: ReloadContext,
    req: OriginRequest,
    res: OriginResponse,
    receive: number,
    record: RecordAnswer,
    request: PlaylistRequest,
    decision: WaitDecision,
    limitMs: number,
  ) {
    super(res);
    this.#context = context;
    this.req = req;
    this.receive = receive;
    this.record = record;
    this.request = request;
    this.#decision = decision;
    this.#limitMs = limitMs;
  }

  decide(): ReloadDecision {
    return decideReload(this.#context.window, this.request);
  }

  released(decision: ReloadDecision): void {
    if (this.release()) this.#context.answer(this, decision);
  }

  protected subscribe(): void {
    this.#context.reloads.wait(waitKey(this.#decision), this);
  }

  protected unsubscribe(): void {
    this.#context.reloads.cancel(this);
  }

  protected expire(why: HoldEnd): void {
    // The timer may fire a hair before the clock reads the deadline: it is the deadline.
    const end = decideReload(this.#context.window, this.request, {
      heldMs: this.#decision.untilMs,
      limitMs: this.#limitMs,
      shuttingDown: why === 'shutdown',
    });
    this.#context.answer(this, end);
  }
}
