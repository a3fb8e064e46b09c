import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBlockingReload } from '../../../src/client/findings/blocking-reload.js';
import { checkHoldLimit } from '../../../src/client/findings/hold-limit.js';
import { checkTooFarAhead } from '../../../src/client/findings/too-far-ahead.js';
import { llPlaylist, obs, pl } from './observe.js';

// Playlist with segments 10..12 complete and part 13.0 listed.
const now = llPlaylist({ first: 10, segments: 3, tail: 1 });

describe('RFC 8216bis 6.2.5.2 Blocking Playlist Reload', () => {
  it('"the Server MUST hold onto the request until a Playlist contains a Segment with the requested Media Sequence Number" (and part)', () => {
    const held = pl(now, { msn: 13, part: 0 }, { start: 0, headers: 240 });
    const segment = pl(now, { msn: 12, part: null });
    const finding = checkBlockingReload(obs([pl(now), held, segment]));
    assert.equal(finding.status, 'pass');
    assert.equal(finding.checked, 2, 'the plain first load is not a blocking request');
    assert.equal(finding.spec, 'RFC 8216bis 6.2.5.2');
  });

  it('fails a server that answers at once without the requested part', () => {
    const ignored = pl(now, { msn: 13, part: 1 }, { start: 0, headers: 2 });
    const finding = checkBlockingReload(obs([ignored, pl(now, { msn: 14, part: 0 })]));
    assert.equal(finding.status, 'fail');
    assert.equal(finding.failed, 2);
    assert.match(
      finding.examples[0] ?? '',
      /asked for msn 13 part 1, answered after 2 ms with up to msn 13 part 0/,
    );
  });

  it('skips when no blocking request was sent', () => {
    const finding = checkBlockingReload(obs([pl(now)]));
    assert.equal(finding.status, 'skip');
    assert.match(finding.examples[0] ?? '', /CAN-BLOCK-RELOAD/);
  });

  it('"If ... not available within three times the Target Duration, the Server SHOULD return 503": held requests end within 3 x TARGETDURATION', () => {
    const ok = pl(now, { msn: 13, part: 1 }, { start: 0, headers: 900 });
    const late = pl(now, { msn: 13, part: 2 }, { start: 1000, headers: 1000 + 3600 });
    const never = pl('', { msn: 13, part: 3 }, { start: 5000, headers: null, status: 0 });
    const finding = checkHoldLimit(obs([pl(now), ok, late, never]));
    assert.equal(finding.status, 'fail');
    assert.equal(finding.checked, 3);
    assert.equal(finding.failed, 2);
    assert.match(finding.examples.join('\n'), /held 3600 ms > 3 x 1 s/);
    assert.match(finding.examples.join('\n'), /no answer/);
    assert.equal(checkHoldLimit(obs([pl(now), ok])).status, 'pass');
    // A held request the server could not answer because it was gone: a connection error.
    const refused = {
      ...never,
      error: 'ECONNREFUSED connect ECONNREFUSED',
      errorKind: 'connection' as const,
    };
    assert.equal(checkHoldLimit(obs([pl(now), ok, refused])).status, 'pass');
  });

  it('"If the _HLS_msn is greater than the Media Sequence Number of the last Media Segment in the current Playlist plus two ... the Server SHOULD immediately return Bad Request"', () => {
    const good = pl('', { msn: 16, probe: true }, { start: 0, headers: 3, status: 400 });
    assert.equal(checkTooFarAhead(obs([pl(now), good])).status, 'pass');
    const ok200 = pl('', { msn: 16, probe: true }, { start: 0, headers: 3, status: 200 });
    const held400 = pl('', { msn: 16, probe: true }, { start: 0, headers: 2900, status: 400 });
    assert.equal(checkTooFarAhead(obs([ok200])).status, 'fail');
    const late = checkTooFarAhead(obs([held400]));
    assert.equal(late.status, 'fail');
    assert.match(late.examples[0] ?? '', /status 400 after 2900 ms/);
    assert.equal(checkTooFarAhead(obs([pl(now)])).status, 'skip');
  });
});
