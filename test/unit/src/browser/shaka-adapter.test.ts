import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeConfig } from '../../../../src/browser/merge-config.js';
import { shakaCatchUpConfig, shakaKnownFailure } from '../../../../src/browser/shaka-adapter.js';
import type { MediaPlaylist } from '../../../../src/hls/media-playlist.js';
import { parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const media = (text: string) => parsePlaylist(text) as MediaPlaylist;
const HEAD =
  '#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n#EXT-X-PART-INF:PART-TARGET=0.1\n#EXT-X-MEDIA-SEQUENCE:0\n';

describe('Shaka Player adapter', () => {
  test('--catch-up: live sync on, at the hold-back Shaka keeps already (its presentation delay), 0.1 s tolerance, 1x to 1.5x', () => {
    assert.deepEqual(shakaCatchUpConfig(0.3), {
      streaming: {
        liveSync: {
          enabled: true,
          targetLatency: 0,
          targetLatencyTolerance: 0.1,
          maxPlaybackRate: 1.5,
          minPlaybackRate: 1,
        },
      },
    });
    // A hold-back beyond Shaka's own delay is aimed at by the difference.
    assert.equal(
      (shakaCatchUpConfig(1.5, 0.3)['streaming'] as { liveSync: { targetLatency: number } }).liveSync
        .targetLatency,
      1.2,
    );
  });

  test('MPEG-TS parts are a known failure (3018); fMP4 parts (EXT-X-MAP) and TS without parts are not', () => {
    const tsParts = `${HEAD}#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00Z\n#EXT-X-PART:DURATION=0.1,URI="part0.ts",INDEPENDENT=YES\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part1.ts"\n`;
    assert.match(shakaKnownFailure(media(tsParts)) ?? '', /3018.*--container fmp4/);
    const hintOnly = `${HEAD}#EXTINF:1,\nseg0.ts\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part10.ts"\n`;
    assert.notEqual(shakaKnownFailure(media(hintOnly)), null);
    const fmp4 = `${HEAD}#EXT-X-MAP:URI="init0.mp4"\n#EXT-X-PART:DURATION=0.1,URI="part0.m4s",INDEPENDENT=YES\n`;
    assert.equal(shakaKnownFailure(media(fmp4)), null);
    const noParts = '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nseg0.ts\n';
    assert.equal(shakaKnownFailure(media(noParts)), null);
  });
});

describe('mergeConfig', () => {
  test('objects merge key by key at every depth; arrays, null and numbers replace', () => {
    assert.deepEqual(
      mergeConfig(
        {
          a: 1,
          streaming: { lowLatencyMode: true, liveSync: { enabled: true, targetLatency: 0 } },
          list: [1],
        },
        { streaming: { liveSync: { targetLatency: 2 } }, list: [2, 3], b: null },
      ),
      {
        a: 1,
        streaming: { lowLatencyMode: true, liveSync: { enabled: true, targetLatency: 2 } },
        list: [2, 3],
        b: null,
      },
    );
    const base = { streaming: { x: 1 } };
    mergeConfig(base, { streaming: { y: 2 } });
    assert.deepEqual(base, { streaming: { x: 1 } }, 'layers are not changed');
  });
});
