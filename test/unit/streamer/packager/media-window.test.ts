import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { parseM3u8 } from './parse-m3u8.js';
import { feed, frames, makePackager } from './synthetic-stream.js';

describe('MediaWindow', () => {
  it('keeps windowSegments complete segments and counts the media sequence', () => {
    const packager = makePackager({ windowSegments: 3 });
    feed(packager, frames(30 * 6 + 3));
    const w = packager.window;
    assert.deepEqual(
      w.segments.map((s) => s.msn),
      [3, 4, 5, 6],
    );
    assert.equal(w.mediaSequence, 3);
    assert.equal(parseM3u8(renderPlaylist(w)!).mediaSequence, 3);
  });

  it('lists parts only for segments that ended less than 3 target durations ago; serves them 3 more', () => {
    const packager = makePackager({ windowSegments: 10 });
    const list = frames(30 * 9 + 3);
    feed(packager, list);
    const w = packager.window;
    const listed = w.segments.filter((s) => w.listsPartsOf(s)).map((s) => s.msn);
    // The playlist ends at 9.1 s (seg9 holds one part): seg6 ended 2.1 s before, seg5 3.1 s.
    assert.deepEqual(listed, [6, 7, 8, 9]);
    const now = list.at(-1)!.capture;
    assert.equal(w.resolve('part59.ts', now)?.kind, 'part'); // seg5: unlisted, still served
    assert.equal(w.resolve('part30.ts', now)?.kind, 'part'); // seg3 ended 5.1 s before the end
    assert.equal(w.resolve('part29.ts', now), null); // seg2 ended 6.1 s before the end
    assert.doesNotMatch(renderPlaylist(w)!, /part59\.ts/);
    assert.match(renderPlaylist(w)!, /part60\.ts/);
    assert.equal(w.resolve('seg2.ts', now)?.kind, 'segment');
  });

  it('resolves the hint, 404s the future and anything that is not a window name', () => {
    const packager = makePackager();
    const list = frames(5);
    feed(packager, list);
    const w = packager.window;
    const now = list.at(-1)!.capture;
    assert.equal(w.resolve('part1.ts', now)?.kind, 'hint');
    assert.equal(w.resolve('part2.ts', now), null);
    assert.equal(w.resolve('seg0.ts', now), null); // not complete yet
    for (const bad of ['../etc/passwd', 'part01x.ts', 'seg.ts', 'playlist.m3u8', '']) {
      assert.equal(w.resolve(bad, now), null, bad);
    }
  });

  it('a removed segment 404s after its duration plus the playlist duration (6.2.2)', () => {
    const packager = makePackager({ windowSegments: 3 });
    const list = frames(30 * 5 + 3);
    feed(packager, list);
    const w = packager.window;
    // seg1 left when seg4 completed (frame 150's push); the playlist then held seg1..seg4 (4 s),
    // so seg1 stays available 1 s + 4 s.
    const removedAt = list[150]!.capture + 5;
    assert.equal(w.segments[0]!.msn, 2);
    assert.equal(w.resolve('seg1.ts', removedAt + 4999)?.kind, 'segment');
    assert.equal(w.resolve('seg1.ts', removedAt + 5001), null);
  });
});
