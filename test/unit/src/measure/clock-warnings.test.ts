import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockDrift, clockWarnings } from '../../../../src/measure/clock-warnings.js';
import type { ClockOffset } from '../../../../src/run/types.js';

const offset = (
  offsetMs: number,
  uncertaintyMs: number | null,
  method: ClockOffset['method'] = 'http-time',
): ClockOffset => ({
  method,
  offsetMs,
  uncertaintyMs,
  measuredAt: 0,
  probes: 8,
  bestRttMs: uncertaintyMs === null ? null : uncertaintyMs * 2,
});

describe('clockWarnings', () => {
  it('is silent for a certain, steady offset', () => {
    assert.deepEqual(clockWarnings(offset(250, 0.3), offset(251, 0.4), 5), []);
    assert.equal(clockDrift(offset(250, 0.3), offset(251.5, 0.4)), 1.5);
  });

  it('warns on uncertainty above the threshold, before and after', () => {
    const w = clockWarnings(offset(0, 6), offset(0, 500, 'http-date'), 5);
    assert.equal(w.length, 2);
    assert.match(w[0]!, /uncertainty 6\.0 ms before the run .*--max-clock-uncertainty 5 ms/);
    assert.match(w[1]!, /uncertainty 500\.0 ms after the run \(method http-date\)/);
  });

  it('warns on drift above the threshold', () => {
    const w = clockWarnings(offset(-40, 1), offset(-33, 1), 5);
    assert.equal(w.length, 1);
    assert.match(w[0]!, /drifted 7\.0 ms/);
  });

  it('says when the offset was assumed, and has no drift then', () => {
    const assumed = offset(0, null, 'assumed');
    assert.match(clockWarnings(assumed, null, 5)[0]!, /--assume-synced/);
    assert.match(
      clockWarnings({ ...assumed, note: 'no /time, no Date' }, null, 5)[0]!,
      /assumed 0 \(no \/time, no Date\)/,
    );
    assert.equal(clockDrift(assumed, null), null);
    assert.equal(clockDrift(offset(0, 1), null), null);
  });
});
