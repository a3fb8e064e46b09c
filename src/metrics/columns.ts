import { StallCause, type StallSample } from '../run/types.js';

/**
 * Compact numeric columns for a run's statistics: 8 bytes a value in typed arrays instead of a
 * sample object of ~0.8 KB. Chunked, so growing never copies and the unused tail is at most one
 * chunk: the first chunks are small (most columns stay short), later ones 8192 values.
 */
const FIRST_CHUNK = 16;
const MAX_CHUNK = 8192;

function chunkSize(length: number): number {
  return Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, length));
}

/** Bits for the capture sources behind a value (0: none). */
export const SourceBit = { 'frame-code': 1, timestamps: 2, 'program-date-time': 4 } as const;

/**
 * One metric's values for one client or viewer. `timed` keeps each value's instant (8 more
 * bytes) so that a warm-up end learnt later can still cut them; untimed columns take only values
 * already past the warm-up.
 */
export class MetricColumn {
  readonly timed: boolean;
  readonly #values: Float64Array[] = [];
  readonly #times: Float64Array[] = [];
  readonly #sources: Uint8Array[] = [];
  #fill = 0;
  #sourceMask = 0;
  length = 0;

  constructor(timed: boolean) {
    this.timed = timed;
  }

  push(value: number, t: number, sourceBit: number): void {
    let last = this.#values.at(-1);
    if (last === undefined || this.#fill === last.length) {
      const size = chunkSize(this.length);
      last = new Float64Array(size);
      this.#values.push(last);
      if (this.timed) {
        this.#times.push(new Float64Array(size));
        this.#sources.push(new Uint8Array(size));
      }
      this.#fill = 0;
    }
    last[this.#fill] = value;
    if (this.timed) {
      (this.#times.at(-1) as Float64Array)[this.#fill] = t;
      (this.#sources.at(-1) as Uint8Array)[this.#fill] = sourceBit;
    } else {
      this.#sourceMask |= sourceBit;
    }
    this.#fill += 1;
    this.length += 1;
  }

  /**
   * Copies the values at or after `from` (every value when untimed) into `target` from `offset`;
   * returns how many, and the union of their capture sources.
   */
  collectInto(target: Float64Array, offset: number, from: number): { count: number; sources: number } {
    let n = offset;
    let sources = this.#sourceMask;
    const last = this.#values.length - 1;
    this.#values.forEach((chunk, c) => {
      const filled = c === last ? this.#fill : chunk.length;
      if (!this.timed) {
        target.set(chunk.subarray(0, filled), n);
        n += filled;
        return;
      }
      const times = this.#times[c] as Float64Array;
      const bits = this.#sources[c] as Uint8Array;
      for (let i = 0; i < filled; i += 1) {
        if ((times[i] as number) < from) continue;
        target[n] = chunk[i] as number;
        n += 1;
        sources |= bits[i] as number;
      }
    });
    return { count: n - offset, sources };
  }
}

const CAUSE_CODES = [undefined, StallCause.Underrun, StallCause.Seek] as const;

/** One client's or viewer's stalls: start, end and duration (NaN when not known), cause. */
export class StallColumn {
  readonly #rows: Float64Array[] = [];
  #fill = 0;
  length = 0;

  push(stall: StallSample): void {
    let last = this.#rows.at(-1);
    if (last === undefined || this.#fill === last.length / 4) {
      last = new Float64Array(4 * chunkSize(this.length));
      this.#rows.push(last);
      this.#fill = 0;
    }
    const at = 4 * this.#fill;
    last[at] = stall.start;
    last[at + 1] = stall.end ?? Number.NaN;
    last[at + 2] = stall.durationMs ?? Number.NaN;
    last[at + 3] = stall.cause === undefined ? 0 : CAUSE_CODES.indexOf(stall.cause);
    this.#fill += 1;
    this.length += 1;
  }

  /** The stalls starting at or after `from`, as stall samples (made one at a time). */
  *from(from: number, client: StallSample['client'], viewer: number): Generator<StallSample> {
    for (let c = 0; c < this.#rows.length; c += 1) {
      const rows = this.#rows[c] as Float64Array;
      const filled = c === this.#rows.length - 1 ? this.#fill : rows.length / 4;
      for (let i = 0; i < filled; i += 1) {
        const start = rows[4 * i] as number;
        if (start < from) continue;
        const end = rows[4 * i + 1] as number;
        const duration = rows[4 * i + 2] as number;
        const cause = CAUSE_CODES[rows[4 * i + 3] as number];
        yield {
          type: 'stall',
          t: start,
          client,
          viewer,
          start,
          end: Number.isNaN(end) ? null : end,
          durationMs: Number.isNaN(duration) ? null : duration,
          ...(cause === undefined ? {} : { cause }),
        };
      }
    }
  }

  /** Stalls that started before `before`. */
  countBefore(before: number): number {
    let n = 0;
    for (const s of this.from(Number.NEGATIVE_INFINITY, 'node', 0)) if (s.start < before) n += 1;
    return n;
  }
}
