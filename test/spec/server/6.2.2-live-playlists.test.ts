import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPlaylist } from '../../../streamer/packager/playlist.js';
import { feed, frames, makePackager, program } from '../../unit/streamer/packager/synthetic-stream.js';

// RFC 8216bis 6.2.2 Live Playlists.
describe('6.2.2 live playlists', () => {
  it('"EXT-X-PART tags SHOULD be removed from the Playlist after they are greater than three Target Durations from the end of the Playlist. Clients MUST be able to download the Partial Segment for at least three Target Durations after the EXT-X-PART tag is removed"', () => {
    const packager = makePackager({ windowSegments: 10 });
    const w = packager.window;
    const removedAt = new Map<string, number>(); // part URI → media time when its tag left
    let mediaTime = 0;
    let previous = new Set<string>();
    let checked = 0;
    packager.push([{ type: 'program', program: program() }], 0);
    packager.window.on('part', ({ part }) => {
      mediaTime += part.duration;
    });
    for (const frame of frames(30 * 15)) {
      packager.push(frame.events, frame.capture);
      const text = renderPlaylist(w);
      if (text === null) continue;
      const listed = new Set([...text.matchAll(/#EXT-X-PART:.*URI="([^"]+)"/g)].map((m) => m[1]!));
      for (const uri of previous) if (!listed.has(uri) && !removedAt.has(uri)) removedAt.set(uri, mediaTime);
      previous = listed;
      // Listed parts are within 3 target durations (+ their segment) of the end.
      for (const segment of w.segments.filter((s) => w.listsPartsOf(s)))
        assert.ok(w.segmentAge(segment.msn) < 3);
      for (const [uri, at] of removedAt) {
        const since = mediaTime - at;
        const served = w.resolve(uri, frame.capture) !== null;
        if (since < 3 - 1e-6) {
          assert.ok(served, `${uri} removed ${since.toFixed(2)} s ago is not served`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 1000);
    // And they do go away eventually.
    assert.equal(w.resolve('part0.ts', 0), null);
  });

  it('"If the server removes an EXT-X-DISCONTINUITY tag from the Media Playlist, it MUST increment the value of the EXT-X-DISCONTINUITY-SEQUENCE tag"', () => {
    const packager = makePackager({ windowSegments: 3 });
    feed(packager, frames(95));
    packager.discontinuity(0);
    feed(packager, frames(200, { startFrame: 1000 }));
    const dsn = (text: string) => Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(text)![1]);
    assert.equal(dsn(renderPlaylist(packager.window)!), 1);
    assert.doesNotMatch(renderPlaylist(packager.window)!, /#EXT-X-DISCONTINUITY\n/);
  });

  it('"the Media Segment MUST remain available to clients for a period of time equal to the duration of the segment plus the duration of the longest Playlist file distributed by the server containing that segment"', () => {
    const packager = makePackager({ windowSegments: 3 });
    let removed: { msn: number; at: number } | null = null;
    const list = frames(30 * 6);
    packager.push([{ type: 'program', program: program() }], 0);
    for (const frame of list) {
      const first = packager.window.segments[0]?.msn;
      packager.push(frame.events, frame.capture);
      if (removed === null && first === 0 && packager.window.segments[0]!.msn === 1)
        removed = { msn: 0, at: frame.capture };
    }
    assert.ok(removed !== null);
    // The longest playlist containing seg0 held seg0..seg3 (4 s): available 1 s + 4 s after removal.
    assert.equal(packager.window.resolve('seg0.ts', removed.at + 1000 + 4000 - 1)?.kind, 'segment');
    assert.equal(packager.window.resolve('seg0.ts', removed.at + 1000 + 4000 + 1), null);
  });
});
