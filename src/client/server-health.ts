import type { NetworkErrorKind } from '../network-error.js';
import { isNoAnswer } from '../network-error.js';

/** A stretch without any answer from the server, only failures to reach it. */
export interface Outage {
  /** Client epoch ms of the first failure after the last answer. */
  from: number;
  /** Client epoch ms of the answer that ended it; null while it lasts. */
  to: number | null;
  /** Requests that met no server during it. */
  failures: number;
  /** The failures' error codes, distinct, in the order met (at most 3): `UND_ERR_SOCKET` (the
   *  server closed held requests as it went), then `ECONNREFUSED`. */
  errors: string[];
}

/** Distinct error codes kept per outage. */
const MAX_CODES = 3;

/** An error's leading code (`ECONNREFUSED connect ECONNREFUSED ...` → `ECONNREFUSED`). */
export function shortError(error: string): string {
  const code = /^[A-Z][A-Z0-9_]+\b/.exec(error);
  return code === null ? error : code[0];
}

/** Outages kept in detail; the rest are only counted. */
const MAX_OUTAGES = 16;

/**
 * Is the server there? Fed every request's outcome by every viewer: an HTTP answer (any status)
 * says yes, a refused, reset or failed connection says no. An outage runs from the first failure
 * after the last answer to the next answer. Pure: instants come in as parameters.
 */
export class ServerHealth {
  readonly #outages: Outage[] = [];
  #current: Outage | null = null;
  #count = 0;
  #totalMs = 0;
  #lastAnswerAt: number | null = null;

  /** A request ended at `at` with an HTTP status, or with an error of `kind`. */
  onResult(at: number, status: number, kind: NetworkErrorKind | null, error: string | null): void {
    if (status > 0) {
      this.#lastAnswerAt = at;
      const current = this.#current;
      if (current !== null) {
        current.to = at;
        this.#totalMs += at - current.from;
        this.#current = null;
      }
      return;
    }
    if (!isNoAnswer(kind)) return;
    if (this.#current === null) {
      this.#current = { from: at, to: null, failures: 0, errors: [] };
      this.#count += 1;
      if (this.#outages.length < MAX_OUTAGES) this.#outages.push(this.#current);
    }
    const current = this.#current;
    current.failures += 1;
    const code = shortError(error ?? 'no answer');
    if (current.errors.length < MAX_CODES && !current.errors.includes(code)) current.errors.push(code);
  }

  /** The outage still going on, or null while the server answers. */
  get current(): Outage | null {
    return this.#current;
  }

  /** How long the server has not answered, at `now`: 0 while it answers. */
  silentMs(now: number): number {
    return this.#current === null ? 0 : now - this.#current.from;
  }

  get lastAnswerAt(): number | null {
    return this.#lastAnswerAt;
  }

  /** Outages that ended, in order (the first MAX_OUTAGES), with their count and total time. */
  ended(): { outages: Outage[]; count: number; totalMs: number } {
    const outages = this.#outages.filter((o) => o.to !== null);
    const count = this.#count - (this.#current === null ? 0 : 1);
    return { outages, count, totalMs: this.#totalMs };
  }
}
