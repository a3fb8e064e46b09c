import { type ClientKind, MetricName, type Sample } from '../run/types.js';

/** Default warm-up: the first 10 s of a run are dropped from the statistics (MEASUREMENT.md). */
export const DEFAULT_WARMUP_MS = 10_000;

/** The event a client emits when its player first gets within its target latency. */
export const TARGET_REACHED_EVENT = 'target-reached';

export const WarmupReason = {
  /** The fixed warm-up was the later of the two (or the client has no target). */
  Fixed: 'fixed',
  /** The player reached its target after the fixed warm-up. */
  TargetReached: 'target-reached',
  /** The client reports a target but never reached it: the fixed warm-up applies. */
  TargetNeverReached: 'target-never-reached',
} as const;
export type WarmupReason = (typeof WarmupReason)[keyof typeof WarmupReason];

export interface WarmupEnd {
  client: ClientKind;
  /** Server-clock epoch ms; samples at or after it count. */
  endsAt: number;
  reason: WarmupReason;
}

/**
 * What decides one client's warm-up end, fed sample by sample: its first `target-reached` event
 * and whether its player samples carry a target.
 */
export class WarmupTracker {
  readonly client: ClientKind;
  /** Whether this client announces `target-reached` (default: the browser client does; the
   *  node client's simulated player has a target but no such event). */
  readonly announces: boolean;
  #reached: number | null = null;
  #hasTarget = false;

  constructor(client: ClientKind, announces: boolean = client === 'browser') {
    this.client = client;
    this.announces = announces;
  }

  /** Takes in a sample (of any client: others are ignored). */
  add(s: Sample): void {
    if (s.client !== this.client) return;
    if (s.type === 'event' && s.name === TARGET_REACHED_EVENT)
      this.#reached = this.#reached === null ? s.t : Math.min(this.#reached, s.t);
    else if (s.type === 'player' && s.targetLatency !== null) this.#hasTarget = true;
  }

  /**
   * When the warm-up ends: at `fixed` (start + warm-up), or the first `target-reached` event,
   * whichever is later. A client that reports a target but never reaches it keeps the fixed
   * warm-up (its figures still count) and is flagged so the summary can warn that the player
   * never settled.
   */
  end(fixed: number): WarmupEnd {
    const reached = this.#reached;
    if (reached !== null) {
      return reached > fixed
        ? { client: this.client, endsAt: reached, reason: WarmupReason.TargetReached }
        : { client: this.client, endsAt: fixed, reason: WarmupReason.Fixed };
    }
    return {
      client: this.client,
      endsAt: fixed,
      reason: this.announces && this.#hasTarget ? WarmupReason.TargetNeverReached : WarmupReason.Fixed,
    };
  }
}

/** When a client's warm-up ends, from a run's samples (see WarmupTracker). */
export function warmupEnd(
  samples: Iterable<Sample>,
  options: {
    client: ClientKind;
    startedAt: number;
    warmupMs: number;
    /** Whether this client announces `target-reached` (default: the browser client does). */
    announcesTarget?: boolean;
  },
): WarmupEnd {
  const tracker = new WarmupTracker(options.client, options.announcesTarget ?? options.client === 'browser');
  for (const s of samples) tracker.add(s);
  return tracker.end(options.startedAt + options.warmupMs);
}

/**
 * Whether a figure of `metric` at instant `t` counts in the statistics of a client whose warm-up
 * ends at `warmupEndsAt`: at or after the warm-up end, except startup, which happens during the
 * warm-up by definition and always counts. The one rule behind summary.json and every report.
 */
export function countsInStatistics(metric: MetricName, t: number, warmupEndsAt: number): boolean {
  return metric === MetricName.Startup || t >= warmupEndsAt;
}
