import type { Point } from '../figures/point.js';

/**
 * Min-max decimation, as chart.js's `decimation: {algorithm: 'min-max'}` does per pixel column:
 * the x range is cut into `maxPoints / 2` equal buckets and each keeps its lowest and highest
 * point, in x order. Every spike survives (a latency peak must never vanish from a chart) and a
 * 10-minute run draws as fast, and weighs as little, as a 30-second one. Pure.
 *
 * @param points sorted by x
 * @param maxPoints at most this many points are returned (at least 2)
 */
export function minMaxDecimate(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return [...points];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const x0 = points[0]!.x;
  const width = (points[points.length - 1]!.x - x0) / buckets || 1;
  const out: Point[] = [];
  let bucket = -1;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const flush = (): void => {
    if (lo === null || hi === null) return;
    if (lo === hi) out.push(lo);
    else if (lo.x <= hi.x) out.push(lo, hi);
    else out.push(hi, lo);
  };
  for (const p of points) {
    const b = Math.min(buckets - 1, Math.floor((p.x - x0) / width));
    if (b !== bucket) {
      flush();
      bucket = b;
      lo = p;
      hi = p;
      continue;
    }
    if (p.y < (lo as Point).y) lo = p;
    if (p.y > (hi as Point).y) hi = p;
  }
  flush();
  return out;
}
