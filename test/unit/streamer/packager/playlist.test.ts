import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { parseM3u8 } from './parse-m3u8.js';
import { feed, frames, makePackager, program } from './synthetic-stream.js';

describe('renderPlaylist', () => {
  it('is null before anything is published', () => {
    assert.equal(renderPlaylist(makePackager().window), null);
  });

  it('renders the LL-HLS tags that m3u8-parser reads back', () => {
    const packager = makePackager();
    const list = frames(75);
    feed(packager, list);
    const text = renderPlaylist(packager.window)!;
    const m = parseM3u8(text);
    assert.equal(m.version, 9);
    assert.equal(m.targetDuration, 1);
    assert.equal(m.partInf?.partTarget, 0.1);
    assert.deepEqual(m.serverControl, {
      canBlockReload: true,
      canSkipUntil: 6,
      holdBack: 3,
      partHoldBack: 0.3,
    });
    assert.equal(m.mediaSequence, 0);
    assert.equal(m.discontinuitySequence, 0);
    assert.equal(m.segments.length, 2);
    assert.equal(m.segments[0]!.uri, 'seg0.ts');
    assert.equal(m.segments[0]!.parts!.length, 10);
    assert.equal(m.segments[0]!.parts![0]!.independent, true);
    assert.equal(m.segments[0]!.dateTimeString, new Date(list[0]!.capture).toISOString());
    assert.match(text, /#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
    // The open segment's parts and the hint.
    assert.equal(m.preloadSegment?.parts?.length, 5);
    assert.deepEqual(m.preloadSegment?.preloadHints, [{ type: 'PART', uri: 'part25.ts' }]);
    assert.match(text, /#EXT-X-PART:DURATION=0\.10000,URI="part0\.ts",INDEPENDENT=YES\n/);
    assert.match(text, /#EXTINF:1\.00000,\nseg0\.ts\n/);
  });

  it('--no-parts: a classic playlist, still offering blocking reload', () => {
    const packager = makePackager({ parts: false });
    feed(packager, frames(75));
    const text = renderPlaylist(packager.window)!;
    assert.doesNotMatch(text, /EXT-X-PART|PRELOAD-HINT|PART-HOLD-BACK/);
    assert.match(
      text,
      /#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6\.00000,HOLD-BACK=3\.00000\n/,
    );
    const m = parseM3u8(text);
    assert.equal(m.segments.length, 2);
    assert.equal(m.segments[1]!.duration, 1);
  });

  it('delta update: skips the segments older than CAN-SKIP-UNTIL, keeps the rest identical', () => {
    const packager = makePackager();
    feed(packager, frames(30 * 10 + 15));
    const full = renderPlaylist(packager.window)!;
    const delta = renderPlaylist(packager.window, { skip: true })!;
    const m = parseM3u8(delta);
    // 10 complete segments + 0.5 s open: segments ending >= 6 s before the end are seg0..seg3.
    assert.equal(m.skip?.skippedSegments, 4);
    assert.equal(m.segments[0]!.uri, 'seg4.ts');
    assert.ok(full.endsWith(delta.slice(delta.indexOf('#EXT-X-PROGRAM-DATE-TIME'))));
  });
});

describe('a hint after a discontinuity', () => {
  it('EXT-X-DISCONTINUITY precedes the hint of a part that will start the next timeline', () => {
    const packager = makePackager();
    feed(packager, frames(30));
    packager.discontinuity(2_000_000_000_000);
    packager.push([{ type: 'program', program: program() }], 2_000_000_000_000);
    // The restarted source's first keyframe opens a part: it is hinted before it is published.
    const [first] = frames(1, { startFrame: 900 });
    packager.push(first!.events, first!.capture);
    const text = renderPlaylist(packager.window)!;
    assert.match(text, /seg0\.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part\d+\.ts"\n$/);
  });
});
