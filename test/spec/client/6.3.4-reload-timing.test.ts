import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkReloadPacing } from '../../../src/client/findings/reload-pacing.js';
import { decideReload, RELOAD_FLOOR_MS } from '../../../src/client/reload-pacing.js';
import { llPlaylist, obs, pl } from './observe.js';

const segments = {
  parts: false,
  canBlockReload: false,
  endList: false,
  partTarget: null,
  lastSegmentDuration: 2,
};

// RFC 8216bis 6.3.4 Reloading the Media Playlist file.
describe('RFC 8216bis 6.3.4 reloading the Media Playlist', () => {
  it('"the client MUST wait for at least the target duration before attempting to reload the Playlist file again, measured from the last time the client began loading the Playlist file": after a change, the last segment\'s duration', () => {
    const d = decideReload({
      answer: 'advanced',
      sentAt: 0,
      at: 10,
      blocking: false,
      hasRequested: false,
      playlist: { ...segments, targetDuration: 2 },
      streak: 0,
    });
    assert.equal(d.nextAt, 2010);
  });

  it('"If the client reloads a Playlist file and finds that it has not changed, then it MUST wait for a period of one-half the Target Duration before retrying"', () => {
    const d = decideReload({
      answer: 'unchanged',
      sentAt: 0,
      at: 10,
      blocking: false,
      hasRequested: false,
      playlist: { ...segments, targetDuration: 2 },
      streak: 1,
    });
    assert.equal(d.nextAt, 1010);
  });

  it(`a playlist whose numbers make those waits 0 (TARGETDURATION:0) fails reload-pacing: no client may reload faster than every ${RELOAD_FLOOR_MS} ms`, () => {
    const zero = llPlaylist({ targetDuration: 0 }).replace('CAN-BLOCK-RELOAD=YES', 'CAN-BLOCK-RELOAD=NO');
    const d = decideReload({
      answer: 'unchanged',
      sentAt: 0,
      at: 1,
      blocking: false,
      hasRequested: false,
      playlist: { ...segments, targetDuration: 0 },
      streak: 1,
    });
    assert.equal(d.nextAt, RELOAD_FLOOR_MS);
    const held = { ...pl(zero), pacing: d };
    const fine = { ...pl(zero), pacing: { ...d, floorCause: null } };
    const finding = checkReloadPacing(obs([fine, held, held]));
    assert.deepEqual([finding.status, finding.checked, finding.failed], ['fail', 3, 2]);
    assert.deepEqual(finding.examples, [
      `TARGETDURATION 0: the playlist asked for reloads sooner than ${RELOAD_FLOOR_MS} ms apart; held to ${RELOAD_FLOOR_MS} ms (2 of 3 reloads)`,
    ]);
    assert.equal(checkReloadPacing(obs([fine])).status, 'pass');
  });
});
