import { median } from '../metrics/percentiles.js';
/**
 * Did the player reach its own target latency, and when? hls.js with default settings stays
 * wherever startup put it (FINDINGS.md: 0.4 s to 3.5 s on one stream), so a run's latency
 * figure means little without this. Pure: states come in with their instants.
 */
export interface ConvergenceResult {
  converged: boolean;
  /** ms after the run started when the target was first reached; null if never. */
  atMs: number | null;
  targetLatency: number | null;
  finalLatency: number | null;
}

/** How far above its target (s) the player may sit and still count as there: the player's own
 *  latency figure moves by up to a part duration with each playlist update. */
export function convergenceTolerance(target: number): number {
  return Math.max(0.15, 0.1 * target);
}

export class ConvergenceTracker {
  #reachedAt: number | null = null;
  #target: number | null = null;
  readonly #recent: number[] = [];

  constructor(readonly startedAt: number) {}

  /** Feeds one player state; returns true the first time the target is reached. */
  add(t: number, latency: number | null, target: number | null): boolean {
    if (target !== null) this.#target = target;
    if (latency === null) return false;
    this.#recent.push(latency);
    // About 2-4 s of states (every 250-500 ms): the final latency is their median, not one reading.
    if (this.#recent.length > 8) this.#recent.shift();
    if (this.#reachedAt !== null || target === null) return false;
    if (latency <= target + convergenceTolerance(target)) {
      this.#reachedAt = t;
      return true;
    }
    return false;
  }

  result(): ConvergenceResult {
    const finalLatency = median(this.#recent);
    const target = this.#target;
    const converged =
      this.#reachedAt !== null &&
      target !== null &&
      finalLatency !== null &&
      finalLatency <= target + convergenceTolerance(target);
    return {
      converged,
      atMs: this.#reachedAt === null ? null : this.#reachedAt - this.startedAt,
      targetLatency: target,
      finalLatency,
    };
  }
}
