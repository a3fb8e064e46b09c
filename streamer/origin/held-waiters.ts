import type { ReloadDecision } from '../packager/blocking-reload.js';
import type { Part } from '../packager/media-types.js';
import { partPublished, type ServedWindow } from './served-media.js';

/** A blocking playlist reload waiting in `ReloadWaiters` (a held request: ./held-reload.ts). */
export interface ReloadWaiter {
  /** The reload decision of this request as the window is now (a pure function of both). */
  decide(): ReloadDecision;
  /** Called once with its group's decision, when that is no longer `wait`. */
  released(decision: ReloadDecision): void;
  /** The group it waits in: ReloadWaiters' own field (null when it waits in none). */
  waitingIn: ReloadGroup | null;
}

/** Requests waiting for the same thing: the decision of the first is every one's. */
export interface ReloadGroup {
  readonly key: WaitKey;
  readonly first: ReloadWaiter;
  readonly waiters: Set<ReloadWaiter>;
}

/** What a reload waits for, as a Map key: a number where it fits (no string per request). */
export type WaitKey = number | string;

/** 2^20: part indexes below this fit in a number key beside their msn. */
const PART_SLOTS = 1_048_576;

/** The key of a `wait` decision: requests with equal keys wait for the same window state. */
export function waitKey(
  decision: { msn: number | null; part: number | null } | { newerThan: number },
): WaitKey {
  if ('newerThan' in decision) return -2 - decision.newerThan;
  if (decision.msn === null) return -1;
  const part = decision.part === null ? 0 : decision.part + 1;
  // Exact integers up to 2^53: msn below 2^33 (272 years of 1 s segments) and a part index
  // below 2^20 - 1; anything else (a client's odd but valid numbers) keys by string.
  return part < PART_SLOTS && decision.msn < 2 ** 33
    ? decision.msn * PART_SLOTS + part
    : `${decision.msn}/${part}`;
}

/**
 * Blocking playlist reloads waiting for the media window, grouped by what they wait for (every
 * viewer asks for the same next part): one `update` listener and one microtask per window change
 * release every satisfied group in one pass, instead of a listener, a microtask and a check per
 * held request. A waiter is the held request itself (no closure per request).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class ReloadWaiters {
  readonly #window: ServedWindow;
  readonly #groups = new Map<WaitKey, ReloadGroup>();
  #off: (() => void) | null = null;
  #scheduled = false;

  constructor(window: ServedWindow) {
    this.#window = window;
  }

  /** Requests held now (tests). */
  get size(): number {
    let n = 0;
    for (const g of this.#groups.values()) n += g.waiters.size;
    return n;
  }

  /**
   * Calls `waiter.released(decision)` once, after the first window update at which the group's
   * `decide()` is no longer `wait`. Requests with the same `key` wait for the same thing: the
   * first one's `decide` is asked once per update for all, and its decision is each one's.
   */
  wait(key: WaitKey, waiter: ReloadWaiter): void {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { key, first: waiter, waiters: new Set() };
      this.#groups.set(key, group);
    }
    group.waiters.add(waiter);
    waiter.waitingIn = group;
    if (this.#off === null) this.#off = this.#window.on('update', this.#onUpdate);
  }

  /** Stops `waiter` waiting (its client went away, or its deadline came); nothing if released. */
  cancel(waiter: ReloadWaiter): void {
    const group = waiter.waitingIn;
    if (group === null) return;
    waiter.waitingIn = null;
    group.waiters.delete(waiter);
    if (group.waiters.size === 0 && this.#groups.get(group.key) === group) {
      this.#groups.delete(group.key);
      this.#stopWhenIdle();
    }
  }

  readonly #onUpdate = (): void => {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // On a microtask: the packager finishes its synchronous call first, so the playlist sent
    // already carries the next preload hint.
    queueMicrotask(this.#pass);
  };

  readonly #pass = (): void => {
    this.#scheduled = false;
    for (const [key, group] of this.#groups) {
      const decision = group.first.decide();
      if (decision.kind === 'wait') continue;
      this.#groups.delete(key);
      for (const waiter of group.waiters) {
        waiter.waitingIn = null;
        waiter.released(decision);
      }
    }
    this.#stopWhenIdle();
  };

  #stopWhenIdle(): void {
    if (this.#groups.size > 0 || this.#off === null) return;
    this.#off();
    this.#off = null;
  }
}

/** A request for a hinted part waiting in `HintWaiters` (a held request: ./held-requests.ts). */
export interface HintWaiter {
  /** Part `number` is published. */
  onPart(part: Part): void;
  /** The hint moved on without the part: it never will be published. */
  onAbandoned(): void;
  /** The waiters of its part: HintWaiters' own field (null when it waits for none). */
  waitingIn: Set<HintWaiter> | null;
}

/**
 * Requests for a hinted part, held until it is complete (6.2.6), grouped by part number: one
 * `part` listener releases a part's waiters in one pass when it is published; one `hint`
 * listener finds, in one microtask, the parts the hint moved on from without publishing them
 * (they never will be).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.6
 */
export class HintWaiters {
  readonly #window: ServedWindow;
  readonly #now: () => number;
  readonly #byNumber = new Map<number, Set<HintWaiter>>();
  #off: (() => void) | null = null;
  #checking = false;

  constructor(window: ServedWindow, now: () => number) {
    this.#window = window;
    this.#now = now;
  }

  /** Requests held now (tests). */
  get size(): number {
    let n = 0;
    for (const set of this.#byNumber.values()) n += set.size;
    return n;
  }

  /** Calls `waiter.onPart` when part `number` is published, or `waiter.onAbandoned` once the hint
   *  moved on without it. */
  wait(number: number, waiter: HintWaiter): void {
    let set = this.#byNumber.get(number);
    if (set === undefined) {
      set = new Set();
      this.#byNumber.set(number, set);
    }
    set.add(waiter);
    waiter.waitingIn = set;
    if (this.#off === null) {
      const offPart = this.#window.on('part', this.#onPart);
      const offHint = this.#window.on('hint', this.#onHint);
      this.#off = () => {
        offPart();
        offHint();
      };
    }
  }

  /** Stops `waiter` waiting; nothing if it was released. */
  cancel(waiter: HintWaiter, number: number): void {
    const set = waiter.waitingIn;
    if (set === null) return;
    waiter.waitingIn = null;
    set.delete(waiter);
    if (set.size === 0 && this.#byNumber.get(number) === set) {
      this.#byNumber.delete(number);
      this.#stopWhenIdle();
    }
  }

  readonly #onPart = ({ part }: { part: Part }): void => {
    const set = this.#take(part.number);
    if (set === null) return;
    for (const waiter of set) {
      waiter.waitingIn = null;
      waiter.onPart(part);
    }
    this.#stopWhenIdle();
  };

  readonly #onHint = ({ hint }: { hint: { number: number } | null }): void => {
    if (this.#checking) return;
    // Only parts other than the new hint can have been abandoned.
    let others = false;
    for (const number of this.#byNumber.keys()) if (number !== hint?.number) others = true;
    if (!others) return;
    this.#checking = true;
    queueMicrotask(() => {
      this.#checking = false;
      const current = this.#window.hint?.number;
      for (const number of [...this.#byNumber.keys()]) {
        if (number === current) continue;
        if (partPublished(this.#window, number, this.#now())) continue;
        const set = this.#take(number);
        if (set === null) continue;
        for (const waiter of set) {
          waiter.waitingIn = null;
          waiter.onAbandoned();
        }
      }
      this.#stopWhenIdle();
    });
  };

  /** The waiters of part `number`, no longer waiting in this map; null when none. */
  #take(number: number): Set<HintWaiter> | null {
    const set = this.#byNumber.get(number);
    if (set === undefined) return null;
    this.#byNumber.delete(number);
    return set;
  }

  #stopWhenIdle(): void {
    if (this.#byNumber.size > 0 || this.#off === null) return;
    this.#off();
    this.#off = null;
  }
}
