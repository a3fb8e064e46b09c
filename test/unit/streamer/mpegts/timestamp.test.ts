import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TIMESTAMP_WRAP, unwrapTimestamp } from '../../../../streamer/mpegts/timestamp.js';

describe('unwrapTimestamp', () => {
  it('keeps the first value raw', () => {
    assert.equal(unwrapTimestamp(TIMESTAMP_WRAP - 5, Number.NaN), TIMESTAMP_WRAP - 5);
  });

  it('adds 2^33 after a wrap, and again after the next one', () => {
    assert.equal(unwrapTimestamp(1000, TIMESTAMP_WRAP - 2000), TIMESTAMP_WRAP + 1000);
    assert.equal(unwrapTimestamp(1000, 2 * TIMESTAMP_WRAP - 2000), 2 * TIMESTAMP_WRAP + 1000);
  });

  it('takes small steps backwards (B-frame PTS, jitter) as steps backwards, not wraps', () => {
    assert.equal(unwrapTimestamp(90000, 93000), 90000);
    assert.equal(unwrapTimestamp(TIMESTAMP_WRAP - 3000, TIMESTAMP_WRAP + 100), TIMESTAMP_WRAP - 3000);
    // PTS just before the wrap, DTS (the reference) just after it.
    assert.equal(unwrapTimestamp(TIMESTAMP_WRAP - 1, TIMESTAMP_WRAP + 10), TIMESTAMP_WRAP - 1);
  });

  it('maps a raw value ahead of the reference near the wrap forward', () => {
    assert.equal(unwrapTimestamp(6000, TIMESTAMP_WRAP - 100), TIMESTAMP_WRAP + 6000);
  });
});
