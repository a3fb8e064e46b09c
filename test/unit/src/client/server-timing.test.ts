import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerTiming } from '../../../../src/client/server-timing.js';

describe('parseServerTiming', () => {
  it('reads dur of every metric, quoted descriptions with commas included', () => {
    assert.deepEqual(parseServerTiming('hold;dur=123.4, cache;desc="hit, warm";dur=0.5, db'), {
      hold: 123.4,
      cache: 0.5,
      db: 0,
    });
  });

  it('joins repeated headers and returns null when absent or empty', () => {
    assert.deepEqual(parseServerTiming(['a;dur=1', 'b;dur=2']), { a: 1, b: 2 });
    assert.equal(parseServerTiming(undefined), null);
    assert.equal(parseServerTiming(' , '), null);
  });
});
