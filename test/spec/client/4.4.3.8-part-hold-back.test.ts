import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPartHoldBack } from '../../../src/client/findings/part-hold-back.js';
import { llPlaylist, obs, pl } from './observe.js';

describe('RFC 8216bis 4.4.3.8 EXT-X-SERVER-CONTROL PART-HOLD-BACK', () => {
  it('"PART-HOLD-BACK ... MUST be at least twice the Part Target Duration"', () => {
    assert.equal(
      checkPartHoldBack(obs([pl(llPlaylist({ partTarget: 0.2, partHoldBack: 0.6 }))])).status,
      'pass',
    );
    const below = checkPartHoldBack(obs([pl(llPlaylist({ partTarget: 0.2, partHoldBack: 0.3 }))]));
    assert.equal(below.status, 'fail');
    assert.match(below.examples[0] ?? '', /PART-HOLD-BACK 0.3 s < 2 x PART-TARGET 0.2 s/);
  });

  it('"Its value SHOULD be at least three times the Part Target Duration": between 2x and 3x warns', () => {
    const finding = checkPartHoldBack(obs([pl(llPlaylist({ partTarget: 0.2, partHoldBack: 0.5 }))]));
    assert.equal(finding.status, 'warn');
  });

  it('"This attribute is REQUIRED if the Playlist contains the EXT-X-PART-INF tag"', () => {
    const finding = checkPartHoldBack(obs([pl(llPlaylist({ partHoldBack: null }))]));
    assert.equal(finding.status, 'fail');
    assert.match(finding.examples[0] ?? '', /missing/);
  });

  it('judges each distinct value once and skips playlists without parts', () => {
    const same = pl(llPlaylist({}));
    assert.equal(checkPartHoldBack(obs([same, same, same])).checked, 1);
    assert.equal(
      checkPartHoldBack(obs([pl('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n')])).status,
      'skip',
    );
  });
});
