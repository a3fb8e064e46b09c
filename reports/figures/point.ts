/** A point of a chart: `x` seconds since the run started (or ms for distributions), `y` ms. */
export interface Point {
  x: number;
  y: number;
}

/** Seconds since `startedAt`, to the millisecond: every time axis of a report. */
export function secondsSince(startedAt: number, t: number): number {
  return Math.round(t - startedAt) / 1000;
}

/** ms rounded to 0.1 ms: what a chart can show, and a third of the bytes of a double. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
