import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHintTransfer } from '../../../src/client/findings/hint-transfer.js';
import { checkPreloadHint } from '../../../src/client/findings/preload-hint.js';
import { llPlaylist, media, obs, pl } from './observe.js';

describe('RFC 8216bis 4.4.5.3 EXT-X-PRELOAD-HINT', () => {
  const listed = llPlaylist({ first: 10, segments: 3, tail: 2 }); // lists p13.0, p13.1

  it('"The EXT-X-PRELOAD-HINT tag allows a Client loading media from a live stream to reduce the time to obtain a resource from the Server": the hinted resource is served and then listed', () => {
    const hinted = media({ uri: 'p13.1.ts', msn: 13, part: 1, hinted: true });
    const finding = checkPreloadHint(obs([pl(listed)], [hinted]));
    assert.equal(finding.status, 'pass');
    assert.equal(finding.checked, 1);
  });

  it('fails a hint answered 404 or with no bytes, or listed under another URI', () => {
    const missing = media({ uri: 'p13.1.ts', msn: 13, part: 1, hinted: true, status: 404 });
    const empty = media({ uri: 'p13.2.ts', msn: 13, part: 2, hinted: true, bytes: 0 });
    const renamed = media({ uri: 'hint-13-0.ts', msn: 13, part: 0, hinted: true });
    const finding = checkPreloadHint(obs([pl(listed)], [missing, empty, renamed]));
    assert.equal(finding.status, 'fail');
    assert.equal(finding.failed, 3);
    assert.match(
      finding.examples.join('\n'),
      /hinted hint-13-0.ts for msn 13 part 0 but then listed as p13.0.ts/,
    );
  });

  it('skips without hints', () => {
    assert.equal(checkPreloadHint(obs([pl(listed)], [media({ uri: 'p13.0.ts' })])).status, 'skip');
  });

  it('reports hinted parts that arrived chunked (streamed while produced) as a warning, whole as a pass', () => {
    const whole = media({ uri: 'p13.1.ts', msn: 13, part: 1, hinted: true, transfer: 'whole' });
    const chunked = media({ uri: 'p13.2.ts', msn: 13, part: 2, hinted: true, transfer: 'chunked' });
    assert.equal(checkHintTransfer(obs([], [whole])).status, 'pass');
    const finding = checkHintTransfer(obs([], [whole, chunked]));
    assert.equal(finding.status, 'warn');
    assert.deepEqual([finding.checked, finding.failed], [2, 1]);
    assert.equal(checkHintTransfer(obs([], [])).status, 'skip');
  });
});
