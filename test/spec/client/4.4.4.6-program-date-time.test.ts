import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPdtConsistency, PDT_TOLERANCE_MS } from '../../../src/client/findings/pdt-consistency.js';
import { llPlaylist, obs, pl } from './observe.js';

const T0 = Date.parse('2026-11-24T06:00:00.000Z');

describe('RFC 8216bis 4.4.4.6 EXT-X-PROGRAM-DATE-TIME', () => {
  it('"associates the first sample of a Media Segment with an absolute date": consecutive dates follow EXTINF', () => {
    const steady = llPlaylist({ segments: 4, pdt: (msn) => T0 + (msn - 10) * 1000 });
    const finding = checkPdtConsistency(obs([pl(steady)]));
    assert.equal(finding.status, 'pass');
    assert.equal(finding.checked, 3);
  });

  it('tolerates rounding within the documented tolerance, fails beyond it', () => {
    assert.ok(PDT_TOLERANCE_MS > 50 && PDT_TOLERANCE_MS < 60);
    const jitter = llPlaylist({ segments: 3, pdt: (msn) => T0 + (msn - 10) * 1000 + (msn % 2) * 40 });
    assert.equal(checkPdtConsistency(obs([pl(jitter)])).status, 'pass');
    const jumps = llPlaylist({ segments: 3, pdt: (msn) => T0 + (msn - 10) * 1400 });
    const finding = checkPdtConsistency(obs([pl(jumps)]));
    assert.equal(finding.status, 'fail');
    assert.equal(finding.failed, 2);
    assert.match(finding.examples[0] ?? '', /msn 11: PDT is 400 ms from msn 10's PDT \+ EXTINF 1 s/);
  });

  it('fails a segment whose date moves between reloads', () => {
    const first = llPlaylist({ segments: 2, pdt: (msn) => (msn === 10 ? T0 : null) });
    const moved = llPlaylist({ segments: 2, pdt: (msn) => (msn === 10 ? T0 + 500 : null) });
    const finding = checkPdtConsistency(obs([pl(first), pl(moved)]));
    assert.equal(finding.status, 'fail');
    assert.match(finding.examples[0] ?? '', /msn 10: PDT moved by 500 ms between reloads/);
  });

  it('does not compare across a discontinuity, and skips without dates', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:${new Date(T0).toISOString()}\n#EXTINF:2,\na.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 + 60_000).toISOString()}\n#EXTINF:2,\nb.ts\n`;
    assert.equal(checkPdtConsistency(obs([pl(text)])).status, 'skip');
    assert.equal(checkPdtConsistency(obs([pl(llPlaylist({}))])).status, 'skip');
  });
});
