import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMediaSequence } from '../../../src/client/findings/media-sequence.js';
import { checkPlaylistUpdates } from '../../../src/client/findings/playlist-updates.js';
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

  it('every advertised URI fetchable says nothing of a request that met no server (refused, reset)', () => {
    const finding = checkUriFetchable(
      obs(
        [],
        [
          media({ uri: 'p1.ts' }),
          media({ uri: 'p2.ts', status: 0, error: 'ECONNREFUSED', errorKind: 'connection' }),
        ],
      ),
    );
    assert.deepEqual([finding.status, finding.checked], ['pass', 1]);
  });

  it('"the server MUST make a new version of the Playlist file available that contains at least one new Media Segment ... no later than 1.5 times the Target Duration after the previous time the Playlist was updated with a Media Segment"', () => {
    // Segments of 1 s from msn 10, no parts; answers at 0 s, then the same playlist later.
    const segments = (count: number): string =>
      ['#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:10']
        .concat(Array.from({ length: count }, (_, i) => [`#EXTINF:1.0,`, `s${10 + i}.ts`]).flat())
        .join('\n');
    const same = segments(3);
    const next = segments(4);
    const at = (ms: number, text: string) => pl(text, {}, { start: ms - 1, headers: ms });
    assert.equal(checkPlaylistUpdates(obs([at(0, same), at(1000, same), at(1600, next)])).status, 'pass');
    const stale = checkPlaylistUpdates(obs([at(0, same), at(1000, same), at(2000, same), at(4000, same)]));
    assert.equal(stale.status, 'fail');
    assert.deepEqual(stale.examples, [
      'no new segment for 4.0 s after msn 12 (allowed: 1.5 x TARGETDURATION 1 s)',
    ]);
    assert.equal(stale.failed, 1, 'one stale stretch, however many answers');
  });

  it('"the Server MUST add a new Partial Segment to the Playlist within one Part Target Duration after it added the previous Partial Segment"', () => {
    const one = llPlaylist({ first: 10, segments: 3, tail: 1 });
    const two = llPlaylist({ first: 10, segments: 3, tail: 2 });
    // Polled at 0.1 s: the same last part 1.5 s after it was first seen (PART-TARGET 0.25 s).
    const polled = (ms: number, text: string) => pl(text, {}, { start: ms - 1, headers: ms });
    assert.equal(
      checkPlaylistUpdates(obs([polled(0, one), polled(200, one), polled(300, two)])).status,
      'pass',
    );
    const late = checkPlaylistUpdates(obs([polled(0, one), polled(1500, one)]));
    assert.deepEqual(late.examples, [
      'no new part for 1.5 s after msn 13 part 0 (allowed: PART-TARGET 0.25 s)',
    ]);
    // Within a second of slack the answers may have been read late (a loaded machine): no verdict.
    assert.equal(checkPlaylistUpdates(obs([polled(0, one), polled(1200, one)])).status, 'pass');
    // A blocking reload held until the part came 1.5 s later says the same.
    const held = pl(two, { msn: 13, part: 1 }, { start: 10, headers: 1500 });
    assert.equal(checkPlaylistUpdates(obs([polled(0, one), held])).status, 'fail');
    // And a held reload answered 503 after three target durations.
    const gaveUp = pl('', { msn: 13, part: 1 }, { start: 10, headers: 3010, status: 503 });
    assert.equal(checkPlaylistUpdates(obs([polled(0, one), gaveUp])).status, 'fail');
  });

  it('a late client does not make a punctual server fail: a new segment seen late is no evidence', () => {
    const a = llPlaylist({ first: 10, segments: 3, tail: 0, hint: false });
    const b = llPlaylist({ first: 11, segments: 3, tail: 0, hint: false });
    const at = (ms: number, text: string) => pl(text, {}, { start: ms - 1, headers: ms });
    assert.equal(checkPlaylistUpdates(obs([at(0, a), at(5000, b)])).status, 'pass');
  });
});
