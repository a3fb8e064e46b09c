import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { get, type Harness, startOrigin } from '../../unit/streamer/origin/origin-harness.js';
import { parseM3u8 } from '../../unit/streamer/packager/parse-m3u8.js';
import { spec } from './spec-stream.js';

// RFC 8216bis 4.4.5.2 EXT-X-SKIP and 6.2.5.1 Playlist Delta Updates.
describe('4.4.5.2 EXT-X-SKIP / 6.2.5.1 delta updates', () => {
  const { versions } = spec();

  it('Section 8: "A Playlist MUST indicate an EXT-X-VERSION of 9 or higher if it contains: The EXT-X-SKIP tag"', () => {
    let skipped = 0;
    for (const { delta } of versions) {
      if (!delta.includes('#EXT-X-SKIP:')) continue;
      skipped += 1;
      assert.ok(Number(/^#EXT-X-VERSION:(\d+)$/m.exec(delta)![1]) >= 9);
      // 6.2.5.1 applies only when "the Playlist containing the CAN-SKIP-UNTIL attribute".
      assert.match(delta, /CAN-SKIP-UNTIL=/);
      // 4.4.5.2: "This tag MUST NOT appear more than once in a Playlist."
      assert.equal(delta.split('#EXT-X-SKIP:').length, 2);
    }
    assert.ok(skipped > 100);
  });

  it('6.2.5.1: "Media Segments that are further from the end of the last (Parent) Media Segment in the Playlist than the Skip Boundary ... are replaced by an EXT-X-SKIP tag"; "All tags that were not skipped MUST remain"', () => {
    for (const { text, delta, manifest } of versions) {
      const m = parseM3u8(delta);
      const count = m.skip?.skippedSegments ?? 0;
      const boundary = manifest.serverControl!.canSkipUntil!;
      const total =
        manifest.segments.reduce((t, s) => t + s.duration, 0) +
        (manifest.preloadSegment?.parts ?? []).reduce((t, p) => t + p.duration, 0);
      let before = 0;
      for (const [i, segment] of manifest.segments.entries()) {
        before += segment.duration;
        const age = total - before; // distance of the segment's end from the playlist end
        if (i < count) assert.ok(age >= boundary - 1e-6, `skipped ${segment.uri} ${age}`);
      }
      // The kept tail is byte-identical to the full playlist's tail.
      const tail = delta.slice(
        delta.indexOf('#EXT-X-SKIP') >= 0 ? delta.indexOf('\n', delta.indexOf('#EXT-X-SKIP')) + 1 : 0,
      );
      assert.ok(text.endsWith(tail));
      // 4.4.5.2: "Replacing segments with the EXT-X-SKIP tag does not change the value of the EXT-X-DISCONTINUITY-SEQUENCE tag."
      assert.equal(m.discontinuitySequence, manifest.discontinuitySequence);
      assert.equal(m.mediaSequence, manifest.mediaSequence);
    }
  });

  describe('over HTTP', () => {
    let h: Harness;
    before(async () => {
      h = await startOrigin();
      h.push(30 * 10 + 6);
    });
    after(() => h.origin.close());

    it('6.2.5.1: "the requested URI contains an _HLS_skip directive whose value is YES or v2, it MUST respond with a Playlist Delta Update"', async () => {
      for (const value of ['YES', 'v2']) {
        const r = await get(`${h.base}/playlist.m3u8?_HLS_skip=${value}`);
        assert.equal(r.status, 200);
        assert.match(r.text, /^#EXT-X-VERSION:9$/m);
        assert.equal(parseM3u8(r.text).skip?.skippedSegments, 4);
      }
      const full = await get(`${h.base}/playlist.m3u8`);
      assert.doesNotMatch(full.text, /EXT-X-SKIP/);
    });
  });
});

describe('delta updates and EXT-X-DISCONTINUITY', () => {
  it('a delta update skips no EXT-X-DISCONTINUITY (hls.js 1.7 stops on one: "discontinuity sequence mismatch")', () => {
    const { versions } = spec();
    let held = 0;
    for (const { text, delta } of versions) {
      const skipped = parseM3u8(delta).skip?.skippedSegments ?? 0;
      const full = parseM3u8(text);
      assert.ok(!full.segments.slice(0, skipped).some((s) => s.discontinuity === true));
      if (full.segments.slice(skipped).some((s) => s.discontinuity === true) && skipped === 0) held++;
    }
    assert.ok(held > 0, 'the stream had a discontinuity old enough to skip');
  });
});
