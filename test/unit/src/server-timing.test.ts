import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerTiming } from '../../../src/server-timing.js';

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

  it('reads the origin header and the edge cases of the grammar as the split-based parser did', () => {
    const cases: Array<[string, Record<string, number>]> = [
      [
        'hold;dur=0.0, age;dur=0.3, publish;desc="1732435.123", version;desc="5"',
        { hold: 0, age: 0.3, publish: 0, version: 0 },
      ],
      ['a;dur="12";desc=x', { a: 12 }],
      ['a; DUR = 3 ', { a: 3 }],
      ['a;dur=x', { a: 0 }],
      ['a;dur=1;dur=2', { a: 2 }],
      ['x;desc="q,r;s";dur=1, y', { x: 1, y: 0 }],
      ['a,,b;dur=', { a: 0, b: 0 }],
    ];
    for (const [header, expected] of cases) assert.deepEqual(parseServerTiming(header), expected, header);
  });
});
