import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapRatio } from '../../../../reports/stats/bootstrap.js';
import { seededRandom } from '../../../../src/random.js';

/** n latencies around `centre` with uniform noise of ±`spread`, from a seed. */
function series(n: number, centre: number, spread: number, seed: number): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => centre + (r() * 2 - 1) * spread);
}

describe('bootstrapRatio', () => {
  it('is deterministic for a seed and varies with it', () => {
    const a = series(500, 100, 30, 1);
    const b = series(500, 100, 30, 2);
    assert.deepEqual(bootstrapRatio(a, b, 50), bootstrapRatio(a, b, 50));
    assert.notDeepEqual(bootstrapRatio(a, b, 50, { seed: 1 }), bootstrapRatio(a, b, 50, { seed: 2 }));
  });

  it('a run against itself: ratio 1, an interval around it', () => {
    const a = series(300, 100, 30, 3);
    const est = bootstrapRatio(a, a, 95)!;
    assert.equal(est.ratio, 1);
    assert.ok(est.low <= 1 && est.high >= 1 && est.sd > 0, JSON.stringify(est));
    assert.equal(est.blockLength.current, Math.ceil(Math.cbrt(300)));
  });

  it('a large shift with little noise lies beyond no change; a small sample of heavy noise does not', () => {
    const shifted = bootstrapRatio(series(2000, 120, 10, 4), series(2000, 100, 10, 5), 50)!;
    assert.ok(shifted.ratio > 1.15 && shifted.low > 1.1, JSON.stringify(shifted));
    const noisy = bootstrapRatio(series(12, 115, 60, 6), series(12, 100, 60, 7), 50)!;
    assert.ok(noisy.low < 1 && noisy.high > 1, JSON.stringify(noisy));
  });

  it('nothing to compare: null', () => {
    assert.equal(bootstrapRatio([], [1, 2], 50), null);
    assert.equal(bootstrapRatio([1], [0, 0], 50), null);
  });
});
