import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  Engine,
  type EngineRequest,
  type MediaRequest,
  nextPosition,
  type PlaylistRequest,
  startPosition,
} from '../../../../src/client/engine.js';
import type { MediaPlaylist } from '../../../../src/hls/media-playlist.js';
import { parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const URL_ = 'http://127.0.0.1:9/live/stream.m3u8?token=t';
const fixture = (name: string): MediaPlaylist =>
  parsePlaylist(readFileSync(new URL(`../hls/fixtures/${name}`, import.meta.url), 'utf8')) as MediaPlaylist;
const playlistOf = (requests: EngineRequest[]): PlaylistRequest => {
  const found = requests.find((r): r is PlaylistRequest => r.type === 'playlist');
  assert.ok(found, 'a playlist request');
  return found;
};
const mediaOf = (requests: EngineRequest[]): MediaRequest[] =>
  requests.filter((r): r is MediaRequest => r.type === 'media');

/** A segment-only live playlist: msn first..first+count-1, durations d. */
function segmentsPlaylist(first: number, count: number, d = 2, extra = ''): string {
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`, extra];
  for (let i = 0; i < count; i += 1) lines.push(`#EXTINF:${d},`, `s${first + i}.ts`);
  return lines.join('\n');
}

describe('Engine with parts, blocking reload and hints', () => {
  it('loads the playlist plainly first', () => {
    const engine = new Engine(URL_);
    const first = engine.next(0);
    assert.equal(first.length, 1);
    assert.deepEqual(playlistOf(first), { type: 'playlist', url: URL_, msn: null, part: null, skip: false });
    assert.deepEqual(engine.next(0), [], 'one playlist request in flight at a time');
  });

  it('starts PART-HOLD-BACK from the end, asks for the next part and the hint at once', () => {
    const engine = new Engine(URL_);
    const initial = playlistOf(engine.next(0));
    engine.onPlaylist(initial, { playlist: fixture('ll-hls-full.m3u8'), at: 1000 });
    const requests = engine.next(1000);
    // PART-HOLD-BACK 0.6 s = 3 parts back from the end (p22.4, p23.0, p23.1), then the hinted p23.2.
    assert.deepEqual(
      mediaOf(requests).map((m) => [m.uri, m.msn, m.part, m.hinted]),
      [
        ['p22.4.ts', 22, 4, false],
        ['p23.0.ts', 23, 0, false],
        ['p23.1.ts', 23, 1, false],
        ['p23.2.ts', 23, 2, true],
      ],
    );
    assert.equal(mediaOf(requests)[0]?.url, 'http://127.0.0.1:9/live/p22.4.ts');
    const reload = playlistOf(requests);
    assert.deepEqual([reload.msn, reload.part, reload.skip], [23, 2, true]);
    assert.equal(
      reload.url,
      'http://127.0.0.1:9/live/stream.m3u8?token=t&_HLS_msn=23&_HLS_part=2&_HLS_skip=YES',
    );
  });

  it('computes the PDT capture of a listed and a hinted part', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const media = mediaOf(engine.next(0));
    const t0 = Date.parse('2026-11-24T06:00:00.000Z');
    assert.equal(media[0]?.pdtCapture, t0 + 2000 + 800, 'segment 22 PDT + 4 parts');
    assert.equal(media[3]?.pdtCapture, t0 + 3000 + 400, 'tail PDT + 2 listed parts');
  });

  it('does not fetch a hinted part again once it is listed under the same URI', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const reload = playlistOf(engine.next(0));
    engine.onPlaylist(reload, { playlist: fixture('ll-hls-delta.m3u8'), at: 200 });
    const requests = engine.next(200);
    assert.deepEqual(
      mediaOf(requests).map((m) => [m.uri, m.hinted]),
      [['p23.3.ts', true]],
    );
    const next = playlistOf(requests);
    assert.deepEqual([next.msn, next.part], [23, 3]);
    assert.equal(engine.view?.segments.length, 3, 'delta merged into the full view');
  });

  it('fetches the listed part again when the hint URI was not the one listed', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const reload = playlistOf(engine.next(0));
    const changed = fixture('ll-hls-delta.m3u8');
    const renamed = {
      ...changed,
      tailParts: changed.tailParts.map((p) => (p.index === 2 ? { ...p, uri: 'other23.2.ts' } : p)),
    };
    engine.onPlaylist(reload, { playlist: renamed, at: 200 });
    const media = mediaOf(engine.next(200));
    assert.deepEqual(
      media.map((m) => [m.uri, m.refetch]),
      [
        ['other23.2.ts', true],
        ['p23.3.ts', false],
      ],
    );
  });

  it('asks for a full playlist after a delta it cannot merge', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const reload = playlistOf(engine.next(0));
    assert.equal(reload.skip, true);
    const delta = fixture('ll-hls-delta.m3u8');
    // It skipped segments this view never had (the window moved on ten segments).
    const ahead = {
      ...delta,
      mediaSequence: delta.mediaSequence + 10,
      segments: delta.segments.map((s) => ({ ...s, msn: s.msn + 10 })),
    };
    const decision = engine.onPlaylist(reload, { playlist: ahead, at: 100 });
    assert.equal(engine.view?.mediaSequence, fixture('ll-hls-full.m3u8').mediaSequence, 'view kept');
    assert.deepEqual(
      engine.drainNotes().map((n) => n.name),
      ['delta-merge-failed'],
    );
    assert.equal(decision.nextAt, 100, 'at once: the full reload is due');
    const retry = playlistOf(engine.next(100));
    assert.equal(retry.skip, false);
  });

  it('plays from a delta update it did not ask for (6.2.5.1 forbids it; the skip finding says so)', () => {
    const engine = new Engine(URL_);
    const first = playlistOf(engine.next(0));
    assert.equal(first.skip, false);
    const decision = engine.onPlaylist(first, { playlist: fixture('ll-hls-delta.m3u8'), at: 10 });
    assert.equal(engine.view?.delta, true);
    assert.ok(mediaOf(engine.next(10)).length > 0, 'parts requested from what it lists');
    assert.deepEqual([decision.floorCause, decision.backoff], [null, null]);
  });

  it('does not hammer a server that answers a blocking request without the part', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const reload = playlistOf(engine.next(0));
    engine.onPlaylist(reload, { playlist: fixture('ll-hls-full.m3u8'), at: 10 });
    assert.equal(engine.wakeAt(), 10 + 200, 'waits one part target');
  });

  it('backs off after failures, doubling', () => {
    const engine = new Engine(URL_);
    const req = playlistOf(engine.next(0));
    engine.onPlaylist(req, { playlist: null, at: 50 });
    assert.equal(engine.wakeAt(), 150);
    assert.deepEqual(engine.next(100), []);
    const again = playlistOf(engine.next(150));
    engine.onPlaylist(again, { playlist: null, at: 160 });
    assert.equal(engine.wakeAt(), 360);
  });

  it('refetches a failed hinted part once it is listed', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: fixture('ll-hls-full.m3u8'), at: 0 });
    const requests = engine.next(0);
    const hint = mediaOf(requests).find((m) => m.hinted);
    assert.ok(hint);
    engine.onMedia(hint, false);
    engine.onPlaylist(playlistOf(requests), { playlist: fixture('ll-hls-delta.m3u8'), at: 200 });
    assert.deepEqual(
      mediaOf(engine.next(200)).map((m) => [m.uri, m.hinted]),
      [
        ['p23.2.ts', false],
        ['p23.3.ts', true],
      ],
    );
  });
});

describe('Engine without parts', () => {
  it('polls a segment-only server: last segment duration after a change, half the target otherwise (6.3.4)', () => {
    const engine = new Engine(URL_);
    const first = playlistOf(engine.next(0));
    assert.equal(engine.mode, null);
    engine.onPlaylist(first, { playlist: parsePlaylist(segmentsPlaylist(10, 5)) as MediaPlaylist, at: 1000 });
    assert.equal(engine.mode, 'segments');
    const requests = engine.next(1000);
    // Three target durations (6 s) back: s12, s13, s14.
    assert.deepEqual(
      mediaOf(requests).map((m) => [m.uri, m.kind, m.part]),
      [
        ['s12.ts', 'segment', null],
        ['s13.ts', 'segment', null],
        ['s14.ts', 'segment', null],
      ],
    );
    assert.equal(engine.wakeAt(), 3000, 'changed: wait the last segment duration (2 s)');
    const poll = playlistOf(engine.next(3000));
    assert.deepEqual([poll.msn, poll.part, poll.skip, poll.url], [null, null, false, URL_]);
    engine.onPlaylist(poll, { playlist: parsePlaylist(segmentsPlaylist(10, 5)) as MediaPlaylist, at: 3000 });
    assert.equal(engine.wakeAt(), 4000, 'unchanged: half the target duration');
    assert.deepEqual(mediaOf(engine.next(4000)), []);
  });

  it('uses blocking reload on the next msn when the server can block', () => {
    const engine = new Engine(URL_);
    const text = segmentsPlaylist(10, 5, 2, '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES');
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: parsePlaylist(text) as MediaPlaylist, at: 0 });
    const reload = playlistOf(engine.next(0));
    assert.deepEqual([reload.msn, reload.part], [15, null]);
  });

  it('starts again at the live edge when it fell out of the window', () => {
    const engine = new Engine(URL_);
    engine.onPlaylist(playlistOf(engine.next(0)), {
      playlist: parsePlaylist(segmentsPlaylist(10, 5)) as MediaPlaylist,
      at: 0,
    });
    engine.next(0);
    const poll = playlistOf(engine.next(2000));
    engine.onPlaylist(poll, { playlist: parsePlaylist(segmentsPlaylist(40, 5)) as MediaPlaylist, at: 2000 });
    assert.deepEqual(
      engine.drainNotes().map((n) => n.name),
      ['resync'],
    );
    assert.deepEqual(
      mediaOf(engine.next(2000)).map((m) => m.msn),
      [42, 43, 44],
    );
  });

  it('stops at ENDLIST', () => {
    const engine = new Engine(URL_);
    const vod = parsePlaylist(`${segmentsPlaylist(0, 2)}\n#EXT-X-ENDLIST\n`) as MediaPlaylist;
    engine.onPlaylist(playlistOf(engine.next(0)), { playlist: vod, at: 0 });
    assert.equal(mediaOf(engine.next(0)).length, 2);
    assert.equal(engine.wakeAt(), null);
    assert.equal(engine.finished, true);
  });
});

describe('startPosition / nextPosition', () => {
  it('uses 3 x PART-TARGET when PART-HOLD-BACK is absent', () => {
    const p = fixture('ll-hls-full.m3u8');
    const noPhb = { ...p, serverControl: null };
    assert.deepEqual(startPosition(noPhb), { msn: 22, part: 4 });
    assert.deepEqual(nextPosition(noPhb), { msn: 23, part: 2 });
  });

  it('moves to part 0 of the next segment after a complete segment', () => {
    const p = fixture('ll-hls-full.m3u8');
    const complete = { ...p, tailParts: [], preloadHint: null };
    assert.deepEqual(nextPosition(complete), { msn: 23, part: 0 });
  });
});
