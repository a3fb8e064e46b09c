import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spec } from './spec-stream.js';

// RFC 8216bis 4.4.3.1 EXT-X-TARGETDURATION.
describe('4.4.3.1 EXT-X-TARGETDURATION', () => {
  const { versions } = spec();

  it('"The EXTINF duration of each Media Segment in a Playlist file, when rounded to the nearest integer, MUST be less than or equal to the Target Duration"', () => {
    assert.ok(versions.length > 500);
    for (const { manifest } of versions) {
      for (const segment of manifest.segments) {
        assert.ok(
          Math.round(segment.duration) <= manifest.targetDuration!,
          `${segment.uri} ${segment.duration}`,
        );
      }
    }
  });

  // 6.2.1: "The server MUST NOT change the Media Playlist file, except to: Append lines to it;
  // Remove Media Segment URIs ...; Remove EXT-X-PART tags no longer at the live edge; Increment
  // the value of the EXT-X-MEDIA-SEQUENCE or EXT-X-DISCONTINUITY-SEQUENCE tags; Add an
  // EXT-X-ENDLIST tag". The Target Duration is none of those: it never changes.
  it('the Target Duration never changes, across irregular GOPs and a source restart', () => {
    const values = new Set(versions.map((v) => v.manifest.targetDuration));
    assert.deepEqual([...values], [1]);
  });
});
