import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatServerTiming,
  parseServerTiming,
  type ServerTimingValues,
} from '../../../src/server-timing.js';

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

/** The header as the origin formats it, written out member by member (no kept text). */
function expected(v: ServerTimingValues): string {
  const members = [`hold;dur=${v.holdMs.toFixed(1)}`];
  if (v.publish !== undefined && Number.isFinite(v.publish)) {
    if (v.now !== undefined) members.push(`age;dur=${Math.max(0, v.now - v.publish).toFixed(1)}`);
    members.push(`publish;desc="${v.publish.toFixed(3)}"`);
  }
  if (v.version !== undefined) members.push(`version;desc="${v.version}"`);
  return members.join(', ');
}

describe('formatServerTiming', () => {
  it('formats every member of every response, parts and playlists interleaved, whatever it kept from the last', () => {
    const publishes = [undefined, Number.NaN, 1764576000123.4568, 1764576000223.4, 1764576000223.4, 0];
    const versions = [undefined, 7, 7, 8];
    const calls: ServerTimingValues[] = [];
    for (const publish of publishes) {
      for (const version of versions) {
        const given = {
          ...(publish === undefined ? {} : { publish }),
          ...(version === undefined ? {} : { version }),
        };
        calls.push({ holdMs: 61.25, now: (publish ?? 0) + 3.04, ...given });
        calls.push({ holdMs: 0, ...given });
      }
    }
    // Twice over, and in reverse: a kept member is never another response's.
    for (const v of [...calls, ...calls.reverse()]) assert.equal(formatServerTiming(v), expected(v));
    assert.equal(
      formatServerTiming({ holdMs: 12.34, publish: 1000.5, now: 1010.56, version: 3 }),
      'hold;dur=12.3, age;dur=10.1, publish;desc="1000.500", version;desc="3"',
    );
    assert.equal(formatServerTiming({ holdMs: 0 }), 'hold;dur=0.0');
  });
});
