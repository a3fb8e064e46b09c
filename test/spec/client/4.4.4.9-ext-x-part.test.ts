import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPartDuration } from '../../../src/client/findings/part-duration.js';
import { checkPartMinDuration } from '../../../src/client/findings/part-min-duration.js';
import { llPlaylist, obs, pl } from './observe.js';

describe('RFC 8216bis 4.4.4.9 EXT-X-PART', () => {
  it('"The duration of a Partial Segment MUST be less than or equal to the Part Target Duration"', () => {
    const good = llPlaylist({ partDuration: 0.25, partTarget: 0.25 });
    const passed = checkPartDuration(obs([pl(good), pl(good)]));
    assert.equal(passed.status, 'pass');
    assert.equal(passed.checked, 13, 'each distinct part once (3 x 4 + 1 tail)');
    const long = llPlaylist({ partDuration: 0.3, partTarget: 0.25 });
    const failed = checkPartDuration(obs([pl(long)]));
    assert.equal(failed.status, 'fail');
    assert.equal(failed.failed, 13);
    assert.match(failed.examples[0] ?? '', /lasts 0.3 s > PART-TARGET 0.25 s/);
    assert.equal(checkPartDuration(obs([])).status, 'skip');
  });

  it('allows rounding of a millisecond over PART-TARGET', () => {
    const rounded = llPlaylist({ partDuration: 0.2504, partTarget: 0.25 });
    assert.equal(checkPartDuration(obs([pl(rounded)])).status, 'pass');
  });

  it('"The duration of each Partial Segment MUST be at least 85% of the Part Target Duration, with the exception of Partial Segments with the INDEPENDENT=YES attribute and the final Partial Segment of any Parent Segment"', () => {
    // Last part of each segment short: allowed.
    const shortLast = llPlaylist({ partDuration: 0.25, partTarget: 0.25, lastPartDuration: 0.05 });
    const passed = checkPartMinDuration(obs([pl(shortLast)]));
    assert.equal(passed.status, 'pass');
    assert.equal(passed.checked, 6, 'parts 1 and 2 of 3 complete segments (0 is independent, 3 is final)');
    const short = llPlaylist({ partDuration: 0.2, partTarget: 0.25 });
    const failed = checkPartMinDuration(obs([pl(short)]));
    assert.equal(failed.status, 'fail');
    assert.equal(failed.failed, 6);
    assert.match(failed.examples[0] ?? '', /< 85% of 0.25 s/);
  });
});
