/**
 * How long a lost TCP segment takes to arrive after all, as Linux's TCP recovers it. The proxy
 * never drops bytes (the connection is real TCP on loopback, which loses nothing); it delays
 * them by the time the sender would need to notice the loss and resend, and holds everything
 * behind them on that connection meanwhile (head-of-line blocking), as the receiver's TCP does.
 *
 * Not modelled: the congestion window halving after a loss (the link keeps its rate).
 */

/** Bytes of payload in one TCP segment on a 1500-byte Ethernet MTU with timestamps. */
export const SEGMENT_BYTES = 1448;

/**
 * Duplicate ACKs that trigger a fast retransmit: three, so a loss with three or more segments
 * behind it is repaired a round trip later.
 * @see https://www.rfc-editor.org/rfc/rfc5681#section-3.2
 */
export const DUPACK_THRESHOLD = 3;

/**
 * The worst-case delayed-ACK time a tail loss probe waits for when only one segment is in
 * flight (WCDelAckT).
 * @see https://www.rfc-editor.org/rfc/rfc8985#section-7.2
 */
export const WORST_CASE_DELAYED_ACK_MS = 200;

/** Linux's floor under the probe timeout (TCP_TIMEOUT_MIN in tcp_schedule_loss_probe). */
export const MIN_PROBE_TIMEOUT_MS = 10;

/** Linux's minimum retransmission timeout (TCP_RTO_MIN; RFC 6298 says 1 s, Linux uses 200 ms). */
export const MIN_RTO_MS = 200;

export interface LostSegment {
  /** The connection's round-trip time, ms. */
  rttMs: number;
  /** Segments the sender has sent after the lost one (each brings a duplicate ACK). */
  segmentsAfter: number;
  /** Segments in flight with it, itself included (1: it was alone). */
  segmentsInFlight: number;
}

/**
 * Extra delay (ms) before a lost segment reaches the receiver, beyond its normal one-way trip:
 * - three or more segments behind it: fast retransmit, one round trip (RFC 5681 3.2);
 * - fewer (a tail loss, the usual case for a small HTTP response): the tail loss probe fires
 *   after PTO = 2 x SRTT (plus the worst-case delayed ACK when it was the only segment in flight),
 *   at least 10 ms, and at most the retransmission timeout SRTT + 200 ms (RFC 8985 7.2).
 * @see https://www.rfc-editor.org/rfc/rfc8985#section-7.2
 */
export function retransmissionDelayMs(segment: LostSegment): number {
  const rtt = Math.max(0, segment.rttMs);
  if (segment.segmentsAfter >= DUPACK_THRESHOLD) return rtt;
  const alone = segment.segmentsInFlight <= 1;
  const pto = Math.max(2 * rtt + (alone ? WORST_CASE_DELAYED_ACK_MS : 0), MIN_PROBE_TIMEOUT_MS);
  return Math.min(pto, rtt + MIN_RTO_MS);
}

/**
 * The first lost segment among `segments` (each lost with probability `loss`), or -1: the index
 * a transfer of that many segments is held at.
 */
export function firstLostSegment(segments: number, loss: number, random: () => number): number {
  if (loss <= 0) return -1;
  for (let i = 0; i < segments; i += 1) if (random() < loss) return i;
  return -1;
}
