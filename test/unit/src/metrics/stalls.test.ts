import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeStalls } from '../../../../src/metrics/stalls.js';
import { stallSample } from '../run/every-sample.js';

describe('summarizeStalls', () => {
  it('counts, totals and finds the longest', () => {
    const stalls = [
      stallSample(1000, { durationMs: 250 }),
      stallSample(5000, { end: 5900, durationMs: null }),
      stallSample(9000, { durationMs: 100 }),
    ];
    assert.deepEqual(summarizeStalls(stalls, 20_000), { count: 3, totalMs: 1250, longestMs: 900 });
  });

  it('closes a stall still open at the end of the run', () => {
    assert.deepEqual(summarizeStalls([stallSample(19_000, { end: null, durationMs: null })], 20_000), {
      count: 1,
      totalMs: 1000,
      longestMs: 1000,
    });
  });

  it("splits out the stalls the player's own seeks caused, when the player tells causes apart", () => {
    const stalls = [
      stallSample(1000, { durationMs: 40, cause: 'seek' }),
      stallSample(5000, { durationMs: 300, cause: 'underrun' }),
      stallSample(9000, { durationMs: 25, cause: 'seek' }),
    ];
    assert.deepEqual(summarizeStalls(stalls, 20_000), {
      count: 3,
      totalMs: 365,
      longestMs: 300,
      seek: { count: 2, totalMs: 65 },
    });
  });

  it('is all zeros without stalls', () => {
    assert.deepEqual(summarizeStalls([], 1), { count: 0, totalMs: 0, longestMs: 0 });
  });
});
