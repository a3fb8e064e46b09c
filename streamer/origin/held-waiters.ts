import type { ReloadDecision } from '../packager/blocking-reload.js';
import type { Part } from '../packager/media-types.js';
import type { ServedWindow } from './served-media.js';

/**
 * Blocking playlist reloads waiting for the media window, grouped by what they wait for (every
 * viewer asks for the same next part): one `update` listener and one microtask per window change
 * release every satisfied group in one pass, instead of a listener, a microtask and a check per
 * held request.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export class ReloadWaiters {
  readonly #window: ServedWindow;
  readonly #groups = new Map<
    string,
    { decide: () => ReloadDecision; releases: Set<(decision: ReloadDecision) => void> }
  >();
  #off: (() => void) | null = null;
  #scheduled = false;

  constructor(window: ServedWindow) {
    this.#window = window;
  }

  /** Requests held now (tests). */
  get size(): number {
    let n = 0;
    for (const g of this.#groups.values()) n += g.releases.size;
    return n;
  }

  /**
   * Calls `release(decision)` once, after the first window update at which `decide()` is no
   * longer `wait`. Requests with the same `key` wait for the same thing: `decide` of the first
   * is asked once per update for all, and its decision is each one's.
   * @returns the cancel function (a client that went away)
   */
  wait(key: string, decide: () => ReloadDecision, release: (decision: ReloadDecision) => void): () => void {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { decide, releases: new Set() };
      this.#groups.set(key, group);
    }
    group.releases.add(release);
    if (this.#off === null) this.#off = this.#window.on('update', this.#onUpdate);
    return () => {
      const g = this.#groups.get(key);
      if (g === undefined || !g.releases.delete(release)) return;
      if (g.releases.size === 0) this.#groups.delete(key);
      this.#stopWhenIdle();
    };
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
      const decision = group.decide();
      if (decision.kind === 'wait') continue;
      this.#groups.delete(key);
      for (const release of group.releases) release(decision);
    }
    this.#stopWhenIdle();
  };

  #stopWhenIdle(): void {
    if (this.#groups.size > 0 || this.#off === null) return;
    this.#off();
    this.#off = null;
  }
}

interface HintWaiter {
  onPart: (part: Part) => void;
  onAbandoned: () => void;
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

  /** Calls `onPart` when part `number` is published, or `onAbandoned` once the hint moved on
   *  without it. @returns the cancel function */
  wait(number: number, onPart: (part: Part) => void, onAbandoned: () => void): () => void {
    let set = this.#byNumber.get(number);
    if (set === undefined) {
      set = new Set();
      this.#byNumber.set(number, set);
    }
    const waiter: HintWaiter = { onPart, onAbandoned };
    set.add(waiter);
    if (this.#off === null) {
      const offPart = this.#window.on('part', ({ part }) =>
        this.#release(part.number, (w) => w.onPart(part)),
      );
      const offHint = this.#window.on('hint', this.#onHint);
      this.#off = () => {
        offPart();
        offHint();
      };
    }
    return () => {
      const s = this.#byNumber.get(number);
      if (s === undefined || !s.delete(waiter)) return;
      if (s.size === 0) this.#byNumber.delete(number);
      this.#stopWhenIdle();
    };
  }

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
        if (this.#window.resolve(this.#window.partUri(number), this.#now())?.kind === 'part') continue;
        this.#release(number, (w) => w.onAbandoned());
      }
    });
  };

  #release(number: number, call: (waiter: HintWaiter) => void): void {
    const set = this.#byNumber.get(number);
    if (set === undefined) return;
    this.#byNumber.delete(number);
    for (const waiter of set) call(waiter);
    this.#stopWhenIdle();
  }

  #stopWhenIdle(): void {
    if (this.#byNumber.size > 0 || this.#off === null) return;
    this.#off();
    this.#off = null;
  }
}
