import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSkipArithmetic } from '../../../src/client/findings/skip-arithmetic.js';
import { llPlaylist, obs, pl } from './observe.js';

// 10 one-second segments from msn 10, CAN-SKIP-UNTIL 6 s.
const full = llPlaylist({ first: 10, segments: 10, canSkipUntil: 6 });

describe('RFC 8216bis 4.4.5.2 EXT-X-SKIP', () => {
  it('"SKIPPED-SEGMENTS ... indicates how many Media Segments were replaced by the EXT-X-SKIP tag": MEDIA-SEQUENCE + SKIPPED-SEGMENTS is the first listed segment', () => {
    const delta = llPlaylist({ first: 10, segments: 10, skipped: 4, canSkipUntil: 6 });
    const finding = checkSkipArithmetic(obs([pl(full), pl(delta, { msn: 20, part: 1, skip: true })]));
    assert.equal(finding.status, 'pass');
    assert.ok(finding.checked >= 4);
  });

  it('fails a delta whose skip count does not match the segments listed', () => {
    // The server says it skipped 4 but lists from what the full playlist calls msn 13.
    const wrong = llPlaylist({ first: 10, segments: 10, skipped: 3, canSkipUntil: 6 }).replace(
      '#EXT-X-SKIP:SKIPPED-SEGMENTS=3',
      '#EXT-X-SKIP:SKIPPED-SEGMENTS=4',
    );
    const finding = checkSkipArithmetic(obs([pl(full), pl(wrong, { skip: true })]));
    assert.equal(finding.status, 'fail');
    assert.match(
      finding.examples.join('\n'),
      /SKIPPED-SEGMENTS 4: first listed msn 14 is s13.ts, full playlist has s14.ts/,
    );
  });

  it('6.2.5.1: a delta update only "if the Client requests it" and within the skip boundary', () => {
    const tooMuch = llPlaylist({ first: 10, segments: 10, skipped: 8, canSkipUntil: 6 });
    const finding = checkSkipArithmetic(obs([pl(full), pl(tooMuch)]));
    assert.equal(finding.status, 'fail');
    assert.match(finding.examples.join('\n'), /delta update sent to a request without _HLS_skip/);
    assert.match(finding.examples.join('\n'), /less than CAN-SKIP-UNTIL 6 s/);
  });

  it('skips without delta updates', () => {
    assert.equal(checkSkipArithmetic(obs([pl(full), pl(full)])).status, 'skip');
  });
});
