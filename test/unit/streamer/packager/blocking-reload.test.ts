import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideReload,
  parsePlainDirectives,
  parsePlaylistRequest,
} from '../../../../streamer/packager/blocking-reload.js';
import { feed, frames, makePackager } from './synthetic-stream.js';

const parse = (query: string) => parsePlaylistRequest(new URLSearchParams(query), 3000);

/** Queries parsePlaylistRequest refuses (400): parsePlainDirectives must leave each of them to it. */
const REFUSED = [
  '_HLS_msn=-1',
  '_HLS_msn=abc',
  '_HLS_msn=1.5',
  '_HLS_msn=',
  '_HLS_msn=1&_HLS_msn=2',
  '_HLS_msn=1&_HLS_part=x',
  '_HLS_skip=yes',
  '_HLS_skip=NO',
  '_HLS_part=1',
];

describe('parsePlaylistRequest', () => {
  it('reads _HLS_msn, _HLS_part and _HLS_skip', () => {
    assert.deepEqual(parse('_HLS_msn=4&_HLS_part=2&_HLS_skip=YES'), {
      ok: true,
      request: { msn: 4, part: 2, skip: 'YES' },
    });
    assert.deepEqual(parse('_HLS_skip=v2'), { ok: true, request: { skip: 'v2' } });
    assert.deepEqual(parse(''), { ok: true, request: {} });
  });
  it('rejects bad values, repeats, and _HLS_part without _HLS_msn', () => {
    for (const query of REFUSED) {
      assert.equal(parse(query).ok, false, query);
    }
  });
  it('reads ?wait=MS&version=N, bounded by the hold limit', () => {
    assert.deepEqual(parse('wait=500&version=12'), { ok: true, request: { waitMs: 500, version: 12 } });
    assert.deepEqual(parse('wait=3000&version=0'), { ok: true, request: { waitMs: 3000, version: 0 } });
    assert.deepEqual(parse('wait=500&version=1&_HLS_skip=YES'), {
      ok: true,
      request: { waitMs: 500, version: 1, skip: 'YES' },
    });
  });
  it('refuses bad wait/version with a reason naming the parameter', () => {
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
});

describe('parsePlainDirectives', () => {
  it('reads what LL-HLS clients send, as parsePlaylistRequest does', () => {
    for (const query of [
      '',
      '_HLS_msn=4',
      '_HLS_msn=4&_HLS_part=2',
      '_HLS_msn=4&_HLS_part=2&_HLS_skip=YES',
      '_HLS_skip=YES&_HLS_part=0&_HLS_msn=0012',
      '_HLS_skip=v2',
      '_HLS_msn=999999999999999&_HLS_part=7',
    ]) {
      const plain = parsePlainDirectives(query);
      assert.deepEqual({ ok: true, request: plain }, parse(query), query);
    }
  });
  it('leaves everything else to parsePlaylistRequest (null), the mistakes among it', () => {
    for (const query of [
      ...REFUSED,
      '_HLS_skip=YES&_HLS_skip=YES',
      '_HLS_part=1',
      '_HLS_msn=1234567890123456',
      '_HLS_msn=%31',
      '_HLS_msn=1&',
      '&_HLS_msn=1',
      '_HLS_msn=1&&_HLS_part=2',
      '_HLS_msn=1&foo=bar',
      'wait=500&version=3',
      '_HLS_msn',
    ]) {
      assert.equal(parsePlainDirectives(query), null, query);
    }
    // Those parsePlaylistRequest reads are read alike; a non-null here would skip its reasons.
    assert.deepEqual(parse('_HLS_msn=1&foo=bar'), { ok: true, request: { msn: 1 } });
  });
});

describe('decideReload', () => {
  // 2 complete segments (seg0, seg1) and seg2 holding parts 0..4; the hint is part 25.
  const packager = makePackager();
  feed(packager, frames(75));
  const w = packager.window;
  const decide = (msn?: number, part?: number) =>
    decideReload(w, { ...(msn === undefined ? {} : { msn }), ...(part === undefined ? {} : { part }) });

  it('answers at once what exists', () => {
    assert.equal(decide().kind, 'now');
    assert.equal(decide(1).kind, 'now');
    assert.equal(decide(2, 4).kind, 'now');
    assert.equal(decide(0, 3).kind, 'now');
  });
  it('waits for what comes next', () => {
    assert.deepEqual(decide(2, 5), { kind: 'wait', msn: 2, part: 5, untilMs: Infinity });
    assert.deepEqual(decide(2), { kind: 'wait', msn: 2, part: null, untilMs: Infinity });
    assert.deepEqual(decide(3, 0), { kind: 'wait', msn: 3, part: 0, untilMs: Infinity });
  });
  it('a part index past a complete segment’s last part means part 0 of the next', () => {
    assert.equal(decide(1, 10).kind, 'now'); // = seg2 part 0, which exists
    const early = makePackager();
    feed(early, frames(31));
    // seg0 complete with 10 parts, seg1 not started: (0, 10) = (1, 0), not yet there.
    assert.deepEqual(decideReload(early.window, { msn: 0, part: 10 }), {
      kind: 'wait',
      msn: 1,
      part: 0,
      untilMs: Infinity,
    });
  });
  it('rejects at once what is beyond the advance limits', () => {
    assert.equal(decide(4).kind, 'wait'); // last msn + 2
    assert.equal(decide(5).kind, 'bad-request'); // last msn + 3
    assert.equal(decide(2, 4 + 30).kind, 'wait'); // 30 parts ahead = 3 / PART-TARGET
    assert.equal(decide(2, 4 + 31).kind, 'bad-request');
    assert.equal(decide(4, 14).kind, 'wait'); // 5 + 10 + 15 = 30 ahead
    assert.equal(decide(4, 15).kind, 'bad-request');
  });
  it('--no-parts: _HLS_part is a bad request', () => {
    const classic = makePackager({ parts: false });
    feed(classic, frames(40));
    assert.equal(decideReload(classic.window, { msn: 1, part: 0 }).kind, 'bad-request');
    assert.deepEqual(decideReload(classic.window, { msn: 1 }), {
      kind: 'wait',
      msn: 1,
      part: null,
      untilMs: Infinity,
    });
  });
  it('a held request is answered once what it waits for is published', () => {
    const p = makePackager();
    feed(p, frames(3));
    const held = { heldMs: 500, limitMs: 3000, shuttingDown: false };
    assert.deepEqual(decideReload(p.window, { msn: 0, part: 1 }, held), {
      kind: 'wait',
      msn: 0,
      part: 1,
      untilMs: 3000,
    });
    feed(p, frames(3, { startFrame: 3 }), false);
    assert.equal(decideReload(p.window, { msn: 0, part: 1 }, held).kind, 'now');
    assert.deepEqual(decideReload(p.window, { msn: 0 }, held), {
      kind: 'wait',
      msn: 0,
      part: null,
      untilMs: 3000,
    });
  });
  it('a plain request waits for the first playlist', () => {
    const p = makePackager();
    assert.deepEqual(decideReload(p.window, {}), { kind: 'wait', msn: null, part: null, untilMs: Infinity });
    feed(p, frames(3));
    assert.deepEqual(decideReload(p.window, {}), { kind: 'now' });
  });
  it('503 for what is not there at the deadline (Retry-After 1 s), and for any request at shutdown', () => {
    const p = makePackager();
    feed(p, frames(3));
    const at = (heldMs: number, shuttingDown = false) => ({ heldMs, limitMs: 3000, shuttingDown });
    assert.deepEqual(decideReload(p.window, { msn: 1 }, at(3000)), {
      kind: 'unavailable',
      reason: 'not available within 3 target durations (3 s)',
      retryAfter: 1,
    });
    assert.deepEqual(decideReload(makePackager().window, {}, at(3000)).kind, 'unavailable');
    assert.equal(decideReload(p.window, { msn: 0, part: 0 }, at(3000)).kind, 'now', 'there: answered');
    assert.equal(decideReload(p.window, { msn: 9 }, at(3000)).kind, 'bad-request', 'a bad request stays one');
    assert.deepEqual(decideReload(p.window, {}, at(10, true)), {
      kind: 'unavailable',
      reason: 'server shutting down',
    });
  });
  it('?wait=&version=: now once the playlist is newer, at its own wait the playlist as it is', () => {
    const p = makePackager();
    const at = (heldMs: number, shuttingDown = false) => ({ heldMs, limitMs: 3000, shuttingDown });
    const version = (newerThan: number, waitMs = 500) => ({ version: newerThan, waitMs });
    // Nothing published: held to the hold limit like any request, 503 there.
    assert.deepEqual(decideReload(p.window, version(0), at(0)), {
      kind: 'wait',
      newerThan: 0,
      untilMs: 3000,
    });
    assert.equal(decideReload(p.window, version(0), at(500)).kind, 'wait');
    assert.equal(decideReload(p.window, version(0), at(3000)).kind, 'unavailable');
    feed(p, frames(3));
    const current = p.window.version;
    const table: [newerThan: number, heldMs: number, shuttingDown: boolean, kind: string][] = [
      [current - 1, 0, false, 'now'], // an older version: answered at once
      [current, 0, false, 'wait'],
      [current + 1000, 499, false, 'wait'],
      [current + 1000, 500, false, 'now'], // the wait is over: 200 with the playlist as it is
      [current, 10, true, 'unavailable'],
    ];
    for (const [newerThan, heldMs, shuttingDown, kind] of table) {
      const decision = decideReload(p.window, version(newerThan), at(heldMs, shuttingDown));
      assert.equal(decision.kind, kind, `version=${newerThan} held ${heldMs} ms`);
    }
    assert.deepEqual(decideReload(p.window, version(current), at(0)), {
      kind: 'wait',
      newerThan: current,
      untilMs: 500,
    });
    feed(p, frames(3, { startFrame: 3 }), false);
    assert.equal(decideReload(p.window, version(current), at(100)).kind, 'now', 'a newer version: answered');
  });
});
