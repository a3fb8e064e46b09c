import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distribution, median, nearestRank } from '../../../../src/metrics/percentiles.js';

describe('nearestRank', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the value at rank ceil(p/100 * n)', () => {
    assert.equal(nearestRank(hundred, 50), 50);
    assert.equal(nearestRank(hundred, 90), 90);
    assert.equal(nearestRank(hundred, 99), 99);
    assert.equal(nearestRank(hundred, 100), 100);
    // Textbook example (Wikipedia, nearest-rank): 15 20 35 40 50.
    assert.equal(nearestRank([15, 20, 35, 40, 50], 30), 20);
    assert.equal(nearestRank([15, 20, 35, 40, 50], 40), 20);
    assert.equal(nearestRank([15, 20, 35, 40, 50], 50), 35);
  });

  it('always answers a value that occurred', () => {
    const values = [3.5, 7.25, 100.125];
    for (const p of [1, 33, 50, 67, 90, 99, 100]) assert.ok(values.includes(nearestRank(values, p)));
  });

  it('refuses an empty list and p outside (0, 100]', () => {
    assert.throws(() => nearestRank([], 50));
    assert.throws(() => nearestRank([1], 0));
    assert.throws(() => nearestRank([1], 101));
  });
});

describe('median', () => {
  it('is the nearest-rank p50: the middle value, the lower middle one of an even count', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([40, 10, 30, 20]), 20);
    assert.equal(median([5]), 5);
  });

  it('equals the p50 summary.json reports', () => {
    const values = [7.5, 1, 9, 2.25, 4, 8, 3, 6];
    assert.equal(median(values), distribution(values)?.p50);
  });

  it('is null without finite values', () => {
    assert.equal(median([]), null);
    assert.equal(median([Number.NaN, Number.POSITIVE_INFINITY]), null);
  });
});

describe('distribution', () => {
  it('summarizes unsorted values', () => {
    const d = distribution([40, 10, 30, 20, 50, 60, 70, 80, 90, 100]);
    assert.deepEqual(d, { count: 10, min: 10, mean: 55, p50: 50, p90: 90, p95: 100, p99: 100, max: 100 });
  });

  it('is null without finite values, and ignores NaN and Infinity', () => {
    assert.equal(distribution([]), null);
    assert.equal(distribution([Number.NaN]), null);
    assert.deepEqual(distribution([Number.POSITIVE_INFINITY, 5]), {
      count: 1,
      min: 5,
      mean: 5,
      p50: 5,
      p90: 5,
      p95: 5,
      p99: 5,
      max: 5,
    });
  });
});
