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
 * When a client's warm-up ends: `startedAt + warmupMs`, or the first `target-reached` event of
 * that client, whichever is later. A client that emits player samples with a target but never
 * reaches it keeps the fixed warm-up (its figures still count) and is flagged so the summary
 * can warn that the player never settled.
 */
export function warmupEnd(
  samples: Iterable<Sample>,
  options: {
    client: ClientKind;
    startedAt: number;
    warmupMs: number;
    /** Whether this client announces `target-reached` (default: the browser client does; the
     *  node client's simulated player has a target but no such event). */
    announcesTarget?: boolean;
  },
): WarmupEnd {
  const announces = options.announcesTarget ?? options.client === 'browser';
  const fixed = options.startedAt + options.warmupMs;
  let reached: number | null = null;
  let hasTarget = false;
  for (const s of samples) {
    if (s.client !== options.client) continue;
    if (s.type === 'event' && s.name === TARGET_REACHED_EVENT)
      reached = reached === null ? s.t : Math.min(reached, s.t);
    else if (s.type === 'player' && s.targetLatency !== null) hasTarget = true;
  }
  if (reached !== null) {
    return reached > fixed
      ? { client: options.client, endsAt: reached, reason: WarmupReason.TargetReached }
      : { client: options.client, endsAt: fixed, reason: WarmupReason.Fixed };
  }
  return {
    client: options.client,
    endsAt: fixed,
    reason: announces && hasTarget ? WarmupReason.TargetNeverReached : WarmupReason.Fixed,
  };
}

/**
 * Whether a figure of `metric` at instant `t` counts in the statistics of a client whose warm-up
 * ends at `warmupEndsAt`: at or after the warm-up end, except startup, which happens during the
 * warm-up by definition and always counts. The one rule behind summary.json and every report.
 */
export function countsInStatistics(metric: MetricName, t: number, warmupEndsAt: number): boolean {
  return metric === MetricName.Startup || t >= warmupEndsAt;
}
