/**
 * Every latency of docs/MEASUREMENT.md, each defined once: both clients build their samples with
 * these, so a figure means the same whoever measured it. Instants are epoch ms on the server clock
 * (client instants already corrected by the clock offset); results are ms, null when an instant
 * is unknown.
 */

/** The instants of one request: `{start, firstByte, end}` (RequestTiming's shape). */
interface Instants {
  start: number;
  firstByte: number | null;
  end: number | null;
}

const since = (to: number | null, from: number | null): number | null =>
  to === null || from === null ? null : to - from;

/** capture_to_first_byte: first byte of a part (or segment) − capture of its first frame. */
export const captureToFirstByte = (timing: Instants, capture: number | null): number | null =>
  since(timing.firstByte, capture);

/** capture_to_last_byte: last byte of a part (or segment) − capture of its first frame. */
export const captureToLastByte = (timing: Instants, capture: number | null): number | null =>
  since(timing.end, capture);

/** delivery: last byte − publish (network plus origin). */
export const delivery = (timing: Instants, publish: number | null): number | null =>
  since(timing.end, publish);

/** packaging: publish − capture of the part's first frame (what the streamer adds). */
export const packaging = (publish: number | null, capture: number | null): number | null =>
  since(publish, capture);

/** capture_to_display: the browser presented the frame − capture of that same frame. */
export const captureToDisplay = (display: number, capture: number | null): number | null =>
  since(display, capture);

/**
 * estimated_display: when the Node client's simulated player (src/client/playout.ts) would start
 * showing a part − capture of the part's first frame. A model, not a display: playback starts
 * PART-HOLD-BACK behind the live edge and runs at rate 1 without catching up, so every stall
 * (a part later than its turn) stays in the figure for the rest of the run.
 */
export const estimatedDisplay = (playoutStart: number, capture: number | null): number | null =>
  since(playoutStart, capture);

/**
 * playlist_hold: how long the server held a blocking playlist request: first byte − start, less
 * the best round trip seen on requests no server holds (the network's share of that time), never
 * below 0. Null for a request without `_HLS_msn`, or before any round trip is known.
 */
export function playlistHold(
  timing: Instants,
  blocking: boolean,
  bestRoundTrip: number | null,
): number | null {
  if (!blocking || bestRoundTrip === null || timing.firstByte === null) return null;
  return Math.max(0, timing.firstByte - timing.start - bestRoundTrip);
}

/** The best round trip of a client: first byte − start over the requests no server holds (plain
 *  playlist requests, listed parts and segments), the least seen. */
export class RoundTripFloor {
  #best: number | null = null;

  /** Notes a request that was not held (a blocking reload or a hinted part was). */
  note(timing: Instants): void {
    const rtt = since(timing.firstByte, timing.start);
    if (rtt !== null && rtt >= 0 && (this.#best === null || rtt < this.#best)) this.#best = rtt;
  }

  get best(): number | null {
    return this.#best;
  }
}
