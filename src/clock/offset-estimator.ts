/**
 * NTP-style clock offset estimation (pure). Sign convention: CLIENT MINUS SERVER, as
 * `ClockOffset.offsetMs` in src/run/types.ts; NTP's theta (RFC 5905 section 8) is the opposite,
 * server minus client. All instants are epoch ms; client ones on the client clock, server ones on
 * the server clock.
 */

/** One exchange: client send, server receive, server send, client receive. */
export interface TimeProbe {
  t0: number;
  t1: number;
  t2: number;
  t3: number;
}

export interface ProbeOffset {
  /** client minus server, ms. */
  offsetMs: number;
  /** Network round trip, server processing excluded, ms (>= 0 unless a clock stepped). */
  rttMs: number;
}

/** offset = ((t0 - t1) + (t3 - t2)) / 2 = -theta; rtt = (t3 - t0) - (t2 - t1). Whatever the path
 *  asymmetry, the true offset lies within rtt / 2 of this value. */
export function probeOffset(p: TimeProbe): ProbeOffset {
  return { offsetMs: (p.t0 - p.t1 + (p.t3 - p.t2)) / 2, rttMs: p.t3 - p.t0 - (p.t2 - p.t1) };
}

export interface OffsetEstimate {
  offsetMs: number;
  /** Half the round trip of the probe the offset came from. */
  uncertaintyMs: number;
  bestRttMs: number;
  probes: number;
  /** false when two probes' intervals (offset ± rtt/2) do not overlap: a clock stepped or slewed
   *  during probing, or the server's timestamps are wrong. The estimate is then less trustworthy. */
  consistent: boolean;
}

/**
 * Takes the probe with the smallest round trip (NTP's clock filter, RFC 5905 section 10): its
 * error is bounded by half its round trip, which queueing can only make larger.
 * Returns null when there are no usable probes (none, or all with a negative round trip).
 */
export function estimateOffset(probes: readonly TimeProbe[]): OffsetEstimate | null {
  const results = probes.map(probeOffset).filter((r) => Number.isFinite(r.offsetMs) && r.rttMs >= 0);
  if (results.length === 0) return null;
  const best = results.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
  const low = Math.max(...results.map((r) => r.offsetMs - r.rttMs / 2));
  const high = Math.min(...results.map((r) => r.offsetMs + r.rttMs / 2));
  return {
    offsetMs: best.offsetMs,
    uncertaintyMs: best.rttMs / 2,
    bestRttMs: best.rttMs,
    probes: results.length,
    consistent: low <= high,
  };
}

/** One request answered with an HTTP `Date` header (RFC 9110 section 6.6.1: one-second resolution). */
export interface DateProbe {
  /** Client clock when the request was sent and when the response headers arrived. */
  t0: number;
  t3: number;
  /** The Date header, epoch ms (a whole second). */
  dateMs: number;
}

/** Servers format Date from a clock cached per second (Node refreshes it by timer), so it can
 *  lag the true second by a little: widen each interval by this much. */
export const DATE_CACHE_SLACK_MS = 10;

export interface DateOffsetEstimate {
  offsetMs: number;
  uncertaintyMs: number;
  bestRttMs: number;
  probes: number;
  consistent: boolean;
}

/**
 * Offset from Date headers. The server wrote Date = floor(server time) at a client instant in
 * [t0, t3], so client minus server lies in [t0 - dateMs - 1000, t3 - dateMs]: 500 ms + rtt/2
 * around its middle for one probe. Probes spread over a second narrow it: the estimate is the
 * middle of the intersection of every probe's interval (timing the second's rollover).
 * If the intervals do not meet (a clock stepped), the best single probe is used.
 */
export function estimateOffsetFromDate(probes: readonly DateProbe[]): DateOffsetEstimate | null {
  const usable = probes.filter((p) => p.t3 >= p.t0 && Number.isFinite(p.dateMs));
  if (usable.length === 0) return null;
  const interval = (p: DateProbe): [number, number] => [
    p.t0 - p.dateMs - 1000 - DATE_CACHE_SLACK_MS,
    p.t3 - p.dateMs + DATE_CACHE_SLACK_MS,
  ];
  const bestRttMs = Math.min(...usable.map((p) => p.t3 - p.t0));
  let low = Math.max(...usable.map((p) => interval(p)[0]));
  let high = Math.min(...usable.map((p) => interval(p)[1]));
  const consistent = low <= high;
  if (!consistent) {
    const best = usable.find((p) => p.t3 - p.t0 === bestRttMs)!;
    [low, high] = interval(best);
  }
  return {
    offsetMs: (low + high) / 2,
    uncertaintyMs: (high - low) / 2,
    bestRttMs,
    probes: usable.length,
    consistent,
  };
}
