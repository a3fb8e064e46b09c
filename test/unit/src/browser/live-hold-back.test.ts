import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATCH_UP_SLACK_S, hlsJsCatchUpConfig } from '../../../../src/browser/hlsjs-adapter.js';
import { liveHoldBack } from '../../../../src/browser/live-hold-back.js';
import type { MediaPlaylist } from '../../../../src/hls/media-playlist.js';
import { parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const media = (text: string): MediaPlaylist => {
  const p = parsePlaylist(text);
  assert.equal(p.kind, 'media');
  return p as MediaPlaylist;
};

const HEAD = '#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n';
const SEGMENT = '#EXTINF:2.0,\nseg0.ts\n';

describe('liveHoldBack', () => {
  it('is PART-HOLD-BACK for a low-latency playlist', () => {
    const p = media(
      `${HEAD}#EXT-X-PART-INF:PART-TARGET=0.1\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.3,HOLD-BACK=6\n${SEGMENT}`,
    );
    assert.equal(liveHoldBack(p), 0.3);
  });

  it('is HOLD-BACK without parts', () => {
    assert.equal(liveHoldBack(media(`${HEAD}#EXT-X-SERVER-CONTROL:HOLD-BACK=4.5\n${SEGMENT}`)), 4.5);
  });

  it('is three target durations when the server says nothing (RFC 8216bis 4.4.3.8 default)', () => {
    assert.equal(liveHoldBack(media(`${HEAD}${SEGMENT}`)), 6);
  });
});

describe('hlsJsCatchUpConfig', () => {
  it('targets the hold-back and seeks back past it plus the slack, inside the buffer', () => {
    const c = hlsJsCatchUpConfig(0.3);
    assert.equal(c['liveSyncDuration'], 0.3);
    assert.equal(c['liveMaxLatencyDuration'], 0.3 + CATCH_UP_SLACK_S);
    assert.equal(c['liveSyncMode'], 'buffered');
    assert.equal(c['liveSyncOnStallIncrease'], 0);
    assert.ok((c['maxLiveSyncPlaybackRate'] as number) > 1);
  });
});
