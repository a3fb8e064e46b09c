import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersionWait, versionWaitSatisfied } from '../../../../streamer/packager/version-wait.js';

const parse = (query: string) => parseVersionWait(new URLSearchParams(query), 3000);

test('?wait=MS&version=N: read, bounded by the hold limit', () => {
  assert.deepEqual(parse(''), { ok: true, request: null });
  assert.deepEqual(parse('_HLS_msn=3'), { ok: true, request: null });
  assert.deepEqual(parse('wait=500&version=12'), { ok: true, request: { waitMs: 500, version: 12 } });
  assert.deepEqual(parse('wait=3000&version=0'), { ok: true, request: { waitMs: 3000, version: 0 } });
});

test('bad values are 400 reasons naming the parameter', () => {
  for (const [query, word] of [
    ['wait=500', 'version'],
    ['version=3', 'wait'],
    ['wait=-1&version=3', 'wait'],
    ['wait=0.5&version=3', 'wait'],
    ['wait=500&version=x', 'version'],
    ['wait=500&wait=600&version=1', 'wait'],
    ['wait=3001&version=1', 'hold limit'],
    ['wait=500&version=1&_HLS_msn=2', '_HLS_msn'],
  ] as const) {
    const result = parse(query);
    assert.equal(result.ok, false, query);
    assert.ok(!result.ok && result.reason.includes(word), `${query}: ${!result.ok && result.reason}`);
  }
});

test('answered once the playlist is newer than the version given', () => {
  assert.equal(versionWaitSatisfied(5, { waitMs: 500, version: 5 }), false);
  assert.equal(versionWaitSatisfied(6, { waitMs: 500, version: 5 }), true);
  assert.equal(versionWaitSatisfied(0, { waitMs: 500, version: 0 }), false);
});
