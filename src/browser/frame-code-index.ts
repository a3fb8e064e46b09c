import type { TimestampsDocument } from '../hls/timestamps.js';
import { frameCodeOf } from './frame-code.js';

/**
 * Frame code → capture time, built from successive `/timestamps.json` responses. The origin keeps
 * only its live window, so entries are remembered here after they leave it, and forgotten once
 * older than `retainMs` (a displayed frame is never that old).
 */
export class FrameCodeIndex {
  readonly #bits: number;
  readonly #retainMs: number;
  readonly #byCode = new Map<number, number>();
  #newest = Number.NEGATIVE_INFINITY;

  constructor(bits: number, retainMs = 120_000) {
    this.#bits = bits;
    this.#retainMs = retainMs;
  }

  get size(): number {
    return this.#byCode.size;
  }

  /** Adds every frame capture of every listed part (frame captures are listed per part only). */
  add(doc: TimestampsDocument): void {
    for (const segment of doc.segments) for (const part of segment.parts) this.#put(part.frameCaptures);
    this.#prune();
  }

  /** Adds captures directly (tests, or a server that lists frames another way). */
  addCaptures(captures: Iterable<number>): void {
    this.#put(captures);
    this.#prune();
  }

  #put(captures: Iterable<number>): void {
    for (const capture of captures) {
      this.#byCode.set(frameCodeOf(capture, this.#bits), capture);
      if (capture > this.#newest) this.#newest = capture;
    }
  }

  /**
   * The capture whose code equals `code`, else one off by one: the drawn value and the
   * packager's floor(capture ms) can round differently by a millisecond (H3's filter draws
   * floor(t*1000+0.5)), and frames are a frame interval (>= 16 ms) apart, so +-1 is unambiguous.
   */
  lookup(code: number): number | null {
    const modulus = 2 ** this.#bits;
    for (const candidate of [code, (code + 1) % modulus, (code - 1 + modulus) % modulus]) {
      const capture = this.#byCode.get(candidate);
      if (capture !== undefined) return capture;
    }
    return null;
  }

  #prune(): void {
    const oldest = this.#newest - this.#retainMs;
    for (const [code, capture] of this.#byCode) if (capture < oldest) this.#byCode.delete(code);
  }
}
