/** An entry of a `DeadlineList`: its deadline and its neighbours, kept in its own fields. */
export interface DeadlineEntry<T> {
  /** `performance.now()` ms at which the entry is due. */
  deadlineAt: number;
  prev: T | null;
  next: T | null;
}

/**
 * Entries ordered by deadline, linked through their own fields, with one timer for all of them:
 * the held requests of an origin (a thousand viewers hold two thousand requests each part
 * duration, answered within one, due only after three target durations). A timer per entry is an
 * object created, queued and cancelled per request; here adding is an append (deadlines mostly
 * arrive in order), removing is an unlink, and the one timer is armed for the earliest deadline.
 * When the earliest entry is removed the timer is left as it is: it wakes at that deadline, finds
 * nothing due or the entries that are, and is armed for the next. No entry is due before its
 * deadline on `performance.now()`. `onDue(entry)` must remove the entry (it is removed after the
 * call if it did not).
 */
export class DeadlineList<T extends DeadlineEntry<T>> {
  #head: T | null = null;
  #tail: T | null = null;
  #size = 0;
  #timer: NodeJS.Timeout | null = null;
  /** The deadline the timer is armed for (Infinity when none). */
  #armedFor = Number.POSITIVE_INFINITY;
  readonly #onDue: (entry: T) => void;

  constructor(onDue: (entry: T) => void) {
    this.#onDue = onDue;
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `entry` (its `deadlineAt` set, not in a list) in deadline order. */
  add(entry: T): void {
    let after = this.#tail;
    while (after !== null && after.deadlineAt > entry.deadlineAt) after = after.prev;
    entry.prev = after;
    entry.next = after === null ? this.#head : after.next;
    if (entry.next !== null) entry.next.prev = entry;
    else this.#tail = entry;
    if (after !== null) after.next = entry;
    else this.#head = entry;
    this.#size += 1;
    if (entry.deadlineAt < this.#armedFor) this.#arm(entry.deadlineAt);
  }

  /** Removes `entry` (in this list). With no entry left the timer stops. */
  remove(entry: T): void {
    if (entry.prev !== null) entry.prev.next = entry.next;
    else this.#head = entry.next;
    if (entry.next !== null) entry.next.prev = entry.prev;
    else this.#tail = entry.prev;
    entry.prev = null;
    entry.next = null;
    this.#size -= 1;
    if (this.#size === 0 && this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#armedFor = Number.POSITIVE_INFINITY;
    }
  }

  /** Every entry now, earliest deadline first (a copy: the caller may remove them). */
  toArray(): T[] {
    const all: T[] = [];
    for (let e = this.#head; e !== null; e = e.next) all.push(e);
    return all;
  }

  #arm(deadlineAt: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#armedFor = deadlineAt;
    this.#timer = setTimeout(this.#fire, Math.max(0, deadlineAt - performance.now()));
  }

  readonly #fire = (): void => {
    // A timer counts from the event loop's clock, read when its iteration began: it can fire a
    // millisecond or two before `performance.now()` reaches its deadline. What is not due yet
    // waits for a timer of its own (never early, at most a millisecond late).
    const now = performance.now();
    this.#timer = null;
    this.#armedFor = Number.POSITIVE_INFINITY;
    for (let head = this.#head; head !== null && head.deadlineAt <= now; head = this.#head) {
      this.#onDue(head);
      if (this.#head === head) this.remove(head);
    }
    if (this.#head !== null && this.#timer === null) this.#arm(this.#head.deadlineAt);
  };
}
