import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spec } from './spec-stream.js';

// RFC 8216bis 4.4.5.3 EXT-X-PRELOAD-HINT.
describe('4.4.5.3 EXT-X-PRELOAD-HINT', () => {
  const { versions, parts } = spec();

  it('"[URI] MUST match the URI that will be subsequently added to the Playlist as a non-hinted resource"', () => {
    const hinted = new Set<string>();
    for (const { manifest } of versions) {
      for (const hint of manifest.preloadSegment?.preloadHints ?? []) hinted.add(hint.uri);
    }
    const published = new Set(parts.map((p) => p.uri));
    // Every hint but the last open one (and the one withdrawn at the source restart) became a part.
    const never = [...hinted].filter((uri) => !published.has(uri));
    assert.ok(never.length <= 2, never.join(','));
    // Including the hints that turned out to start a new Parent Segment.
    const firsts = parts.filter((p) => p.index === 0 && p.msn > 0).map((p) => p.uri);
    for (const uri of firsts) assert.ok(hinted.has(uri), uri);
  });

  it('6.2.6: "The Server SHOULD NOT add more than one EXT-X-PRELOAD-HINT tag with the same TYPE to a Playlist."', () => {
    for (const { text } of versions) assert.ok(text.split('#EXT-X-PRELOAD-HINT:').length <= 2);
  });
});
