import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessChronyTracking } from '../../../../src/clock/chrony-assessment.js';
import { type ChronyTracking, parseChronyTracking } from '../../../../src/clock/chronyc-parse.js';
import { capture } from './chrony-fixtures.js';

const tracking = (state: string): ChronyTracking => {
  const { value } = parseChronyTracking(capture(state, 'c-tracking').stdout);
  assert.ok(value);
  return value;
};

describe('assessChronyTracking', () => {
  it('synchronised capture: bound = |offset| + root dispersion + root delay / 2', () => {
    const t = tracking('synchronised');
    const result = assessChronyTracking(t);
    assert.equal(result.synchronised, true);
    // 0.002657 + 0.002988 + 0.009475 / 2 ms, from the capture
    assert.ok(Math.abs((result.boundMs ?? 0) - 0.0103825) < 1e-9);
    assert.equal(result.words, 'synchronised to 127.0.0.1 (stratum 9) within 0.010 ms');
  });

  it('unsynchronised capture', () => {
    assert.deepEqual(assessChronyTracking(tracking('unsynchronised')), {
      synchronised: false,
      boundMs: null,
      words: 'not synchronised: leap status Not synchronised, no reference selected',
    });
  });

  it("a chronyd serving its own clock ('local') is not synchronised to anything", () => {
    const result = assessChronyTracking(tracking('local-server'));
    assert.equal(result.synchronised, false);
    assert.match(result.words, /local reference \(stratum 8\)/);
  });

  it('a negative offset counts by its size, and large bounds read in tenths', () => {
    const t = {
      ...tracking('synchronised'),
      systemOffsetMs: -1.2,
      rootDispersionMs: 0.05,
      rootDelayMs: 0.1,
      referenceName: '',
    };
    const result = assessChronyTracking(t);
    assert.ok(Math.abs((result.boundMs ?? 0) - 1.3) < 1e-9);
    assert.equal(result.words, 'synchronised to 7F000001 (stratum 9) within 1.3 ms');
  });
});
