import { estimatedDisplay } from '../metrics/latency.js';

/** A part (or segment) the simulated player will show, in playback order. The caller keeps the
 *  entry `expect` returns and reports on it: positions of hinted parts can change once listed. */
export interface PlayoutEntry {
  msn: number;
  part: number | null;
  /** Seconds; null until known (a hinted part before it is listed). */
  duration: number | null;
  capture: number | null;
  arrivedAt: number | null;
  failed: boolean;
}

export interface PlayoutDisplay {
  msn: number;
  part: number | null;
  /** Client epoch ms when the simulated player starts showing it. */
  display: number;
  capture: number | null;
  /** estimated_display (src/metrics/latency.ts), ms; null without a capture. */
  estimatedDisplay: number | null;
}

export interface PlayoutStall {
  start: number;
  end: number | null;
}

export interface PlayoutStep {
  displayed: PlayoutDisplay[];
  /** Stalls that ended (a late part arrived). */
  stalls: PlayoutStall[];
}

/**
 * The simulated player: playback starts at the start position (PART-HOLD-BACK behind the live
 * edge) when the first playlist arrives and advances in real time at rate 1. A part is shown at
 * its scheduled time if its last byte arrived by then, else playback stalls until it arrives.
 * A part that failed is skipped (its time is not played). Pure: `now` is a parameter.
 */
export class Playout {
  readonly #queue: PlayoutEntry[] = [];
  readonly #defaultDuration: number;
  /** When the head of the queue is due, client epoch ms. */
  #due: number;
  #started = false;
  #stalledSince: number | null = null;
  #last: PlayoutDisplay | null = null;
  #startupMs: number | null = null;
  readonly #startAt: number;

  /** @param startAt client epoch ms when the first playlist arrived.
   *  @param defaultDuration seconds assumed for a part whose duration is not known yet. */
  constructor(startAt: number, defaultDuration: number) {
    this.#startAt = startAt;
    this.#due = startAt;
    this.#defaultDuration = defaultDuration;
  }

  /** Registers the next part in playback order (call in the order parts are requested). */
  expect(msn: number, part: number | null, duration: number | null): PlayoutEntry {
    const entry: PlayoutEntry = { msn, part, duration, capture: null, arrivedAt: null, failed: false };
    this.#queue.push(entry);
    return entry;
  }

  /** The entry's last byte arrived at `at` (the first arrival counts when it was fetched twice). */
  arrived(entry: PlayoutEntry, at: number, capture: number | null, duration: number | null): void {
    if (entry.arrivedAt !== null) return;
    entry.arrivedAt = at;
    entry.capture = capture;
    entry.failed = false;
    if (duration !== null) entry.duration = duration;
  }

  failed(entry: PlayoutEntry): void {
    if (entry.arrivedAt === null) entry.failed = true;
  }

  /** A hinted part turned out to be listed at another position. */
  relabel(entry: PlayoutEntry, msn: number, part: number | null): void {
    entry.msn = msn;
    entry.part = part;
  }

  /** Time from the first playlist to the first displayed part, ms (null before it). */
  get startupMs(): number | null {
    return this.#startupMs;
  }

  get lastDisplayed(): PlayoutDisplay | null {
    return this.#last;
  }

  /** Playback is waiting for a part since this instant (null when playing). */
  get stalledSince(): number | null {
    return this.#stalledSince;
  }

  /** Seconds of arrived, not yet shown media. */
  bufferAhead(): number {
    let sum = 0;
    for (const entry of this.#queue) {
      if (entry.arrivedAt === null) break;
      sum += entry.duration ?? this.#defaultDuration;
    }
    return sum;
  }

  advance(now: number): PlayoutStep {
    const step: PlayoutStep = { displayed: [], stalls: [] };
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) {
        if (this.#started && this.#due < now) this.#stalledSince ??= this.#due;
        break;
      }
      if (head.failed) {
        this.#queue.shift();
        continue;
      }
      if (head.arrivedAt === null) {
        if (this.#started && this.#due < now) this.#stalledSince ??= this.#due;
        break;
      }
      let display = this.#due;
      if (!this.#started) {
        // Startup: the first part shows when it is there, not a stall.
        display = Math.max(this.#due, head.arrivedAt);
        if (display > now) break;
        this.#started = true;
        this.#startupMs = display - this.#startAt;
      } else if (head.arrivedAt > this.#due) {
        display = head.arrivedAt;
        step.stalls.push({ start: this.#due, end: head.arrivedAt });
      } else if (display > now) {
        break;
      }
      this.#stalledSince = null;
      this.#queue.shift();
      const shown: PlayoutDisplay = {
        msn: head.msn,
        part: head.part,
        display,
        capture: head.capture,
        estimatedDisplay: estimatedDisplay(display, head.capture),
      };
      step.displayed.push(shown);
      this.#last = shown;
      this.#due = display + (head.duration ?? this.#defaultDuration) * 1000;
    }
    return step;
  }

  /** Closes the run: a stall still open is returned with `end: null`. */
  finish(now: number): PlayoutStall | null {
    this.advance(now);
    return this.#stalledSince === null ? null : { start: this.#stalledSince, end: null };
  }
}
