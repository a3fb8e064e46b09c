import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packets, VIDEO_PID } from '../../unit/streamer/packager/synthetic-stream.js';
import { spec } from './spec-stream.js';

// RFC 8216bis 4.4.4.9 EXT-X-PART.
describe('4.4.4.9 EXT-X-PART', () => {
  const { packager, versions, parts: published } = spec();

  it('"The duration of a Partial Segment MUST be less than or equal to the Part Target Duration"', () => {
    for (const { manifest } of versions) {
      const target = manifest.partInf!.partTarget!;
      const parts = [
        ...manifest.segments.flatMap((s) => s.parts ?? []),
        ...(manifest.preloadSegment?.parts ?? []),
      ];
      for (const part of parts) assert.ok(part.duration <= target, `${part.uri} ${part.duration}`);
    }
  });

  it('"The duration of each Partial Segment MUST be at least 85% of the Part Target Duration, with the exception of Partial Segments with the INDEPENDENT=YES ... and the final Partial Segment of any Parent Segment"', () => {
    let checked = 0;
    for (const { manifest } of versions) {
      const target = manifest.partInf!.partTarget!;
      for (const segment of manifest.segments) {
        const parts = segment.parts ?? [];
        for (const part of parts.slice(0, -1)) {
          if (part.independent !== true)
            assert.ok(part.duration >= 0.85 * target, `${part.uri} ${part.duration}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 1000);
    // The stream held early-closed parts: the rule was exercised, not vacuous.
    assert.ok(published.some((p) => p.duration < 0.085));
  });

  it('"INDEPENDENT ... SHOULD be carried by every Partial Segment containing an independent frame" (here: one starting with it)', () => {
    let independent = 0;
    for (const part of published) {
      const frame = packets(part.bytes).find((p) => p.pid === VIDEO_PID)!.marker;
      const keyframe = frame < 300 || frame >= 9000 ? frame % 30 === 0 : frame % 32 === 0 || frame === 350;
      assert.equal(part.independent, keyframe, `${part.uri} starts with frame ${frame}`);
      if (keyframe) independent += 1;
    }
    assert.ok(independent > 15);
  });

  it('"EXT-X-DISCONTINUITY ... or EXT-X-PROGRAM-DATE-TIME ... MUST appear before the first EXT-X-PART tag of that Parent Segment"', () => {
    let sawDiscontinuity = false;
    for (const { text } of versions) {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === '#EXT-X-DISCONTINUITY') {
          sawDiscontinuity = true;
          // Announced as soon as the segment before is complete: then only the hint may follow.
          if (/^#EXT-X-PRELOAD-HINT:|^$/.test(lines[i + 1]!)) continue;
          assert.match(lines[i + 1]!, /^#EXT-X-PROGRAM-DATE-TIME:/);
          assert.match(lines[i + 2]!, /^#EXT-X-PART:|^#EXTINF:/);
        }
        if (lines[i]!.startsWith('#EXT-X-PART:') && !lines[i - 1]!.startsWith('#EXT-X-PART:')) {
          assert.match(lines[i - 1]!, /^#EXT-X-PROGRAM-DATE-TIME:/, `line ${i}`);
        }
      }
    }
    assert.ok(sawDiscontinuity);
  });

  it('3.2: "A Parent Segment and its entire set of Partial Segments MUST contain the same set of media samples"', () => {
    for (const segment of packager.window.segments.filter((s) => s.complete)) {
      const whole = Buffer.from(packager.window.segmentBytes(segment));
      assert.equal(Buffer.compare(whole, Buffer.concat(segment.parts.map((p) => p.bytes))), 0);
    }
  });
});
