import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMediaSequence } from '../../../src/client/findings/media-sequence.js';
import { checkStableAttributes } from '../../../src/client/findings/stable-attributes.js';
import { checkUriFetchable } from '../../../src/client/findings/uri-fetchable.js';
import { llPlaylist, media, obs, pl } from './observe.js';

describe('RFC 8216bis 6.2.1 General Server Responsibilities (live playlists)', () => {
  it('media sequence continuity: "The server MUST NOT change the Media Playlist file, except to ... Append lines ... Remove Media Segment URIs from the Playlist in the order that they appear"', () => {
    const a = pl(llPlaylist({ first: 10, segments: 3 }));
    const b = pl(llPlaylist({ first: 11, segments: 3 }));
    const passed = checkMediaSequence(obs([a, b]));
    assert.equal(passed.status, 'pass');
    const back = checkMediaSequence(obs([b, a]));
    assert.equal(back.status, 'fail');
    assert.match(back.examples[0] ?? '', /went back: MEDIA-SEQUENCE 11 -> 10/);
  });

  it('a media sequence number keeps its URI', () => {
    const a = pl(llPlaylist({ first: 10, segments: 2 }));
    const renamed = pl(llPlaylist({ first: 10, segments: 2 }).replace('s11.ts', 'other.ts'));
    const finding = checkMediaSequence(obs([a, renamed]));
    assert.equal(finding.status, 'fail');
    assert.match(finding.examples[0] ?? '', /msn 11 was s11.ts, now other.ts/);
    assert.equal(checkMediaSequence(obs([a])).status, 'skip');
  });

  it('"The EXT-X-TARGETDURATION value ... MUST NOT change"; nor PART-TARGET, nor PART-HOLD-BACK', () => {
    const a = pl(llPlaylist({ targetDuration: 1 }));
    assert.equal(checkStableAttributes(obs([a, a])).status, 'pass');
    const b = pl(llPlaylist({ targetDuration: 2, partHoldBack: 1 }));
    const finding = checkStableAttributes(obs([a, b]));
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.examples, [
      'TARGETDURATION changed from 1 to 2',
      'PART-HOLD-BACK changed from 0.75 to 1',
    ]);
  });

  it('every advertised URI fetchable: a segment "MUST be available to clients" while listed', () => {
    assert.equal(checkUriFetchable(obs([], [media({ uri: 'p1.ts' })])).status, 'pass');
    const finding = checkUriFetchable(
      obs(
        [],
        [
          media({ uri: 'p1.ts' }),
          media({ uri: 'p2.ts', status: 404 }),
          media({ uri: 'p3.ts', status: 0, error: 'ECONNRESET' }),
        ],
      ),
    );
    assert.deepEqual([finding.status, finding.checked, finding.failed], ['fail', 3, 2]);
    assert.match(finding.examples.join('\n'), /p2.ts \(msn 0 part 0\): status 404/);
    assert.equal(checkUriFetchable(obs([], [])).status, 'skip');
  });
});
