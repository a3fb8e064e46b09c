import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DATE_CACHE_SLACK_MS,
  estimateOffset,
  estimateOffsetFromDate,
  probeOffset,
  type TimeProbe,
} from '../../../../src/clock/offset-estimator.js';

/** A probe on a network with the given one-way delays, against a server `shift` ms ahead. */
function probe(t0: number, shift: number, up: number, hold: number, down: number): TimeProbe {
  const t1 = t0 + up + shift;
  const t2 = t1 + hold;
  return { t0, t1, t2, t3: t2 - shift + down };
}

describe('probeOffset', () => {
  it('is client minus server (NTP theta negated), server hold excluded from the round trip', () => {
    assert.deepEqual(probeOffset(probe(1000, 250, 2, 50, 2)), { offsetMs: -250, rttMs: 4 });
    assert.deepEqual(probeOffset(probe(1000, -40, 1, 0, 1)), { offsetMs: 40, rttMs: 2 });
  });
  it('an asymmetric path errs by half the asymmetry, within rtt / 2', () => {
    const { offsetMs, rttMs } = probeOffset(probe(0, 100, 1, 0, 9));
    assert.equal(offsetMs, -100 + 4);
    assert.ok(Math.abs(offsetMs - -100) <= rttMs / 2);
  });
});

describe('estimateOffset', () => {
  it('takes the probe with the smallest round trip; uncertainty is half of it', () => {
    const probes = [probe(0, 250, 10, 1, 2), probe(100, 250, 0.5, 1, 0.7), probe(200, 250, 3, 1, 8)];
    const estimate = estimateOffset(probes);
    assert.ok(estimate);
    assert.ok(Math.abs(estimate.bestRttMs - 1.2) < 1e-9);
    assert.ok(Math.abs(estimate.offsetMs - (-250 + (0.7 - 0.5) / 2)) < 1e-9);
    assert.ok(Math.abs(estimate.uncertaintyMs - 0.6) < 1e-9);
    assert.equal(estimate.probes, 3);
    assert.equal(estimate.consistent, true);
  });
  it('flags probes that contradict each other (a clock stepped between them)', () => {
    const estimate = estimateOffset([probe(0, 250, 1, 0, 1), probe(100, 150, 1, 0, 1)]);
    assert.equal(estimate?.consistent, false);
  });
  it('ignores impossible probes and returns null when none is left', () => {
    assert.equal(estimateOffset([]), null);
    assert.equal(estimateOffset([{ t0: 10, t1: 0, t2: 50, t3: 11 }]), null);
    assert.equal(estimateOffset([{ t0: 10, t1: 0, t2: 50, t3: 11 }, probe(0, 5, 1, 0, 1)])?.probes, 1);
  });
});

describe('estimateOffsetFromDate', () => {
  it('one probe: 500 ms + rtt/2 (+ slack) around the middle, containing the truth', () => {
    // server 300 ms behind → client minus server = +300; request at client 10_000.250
    const t0 = 1_700_000_010_250;
    const serverAt = t0 + 1 - 300; // header written 1 ms after sending
    const dateMs = Math.floor(serverAt / 1000) * 1000;
    const estimate = estimateOffsetFromDate([{ t0, t3: t0 + 2, dateMs }]);
    assert.ok(estimate);
    assert.equal(estimate.uncertaintyMs, 500 + 1 + DATE_CACHE_SLACK_MS);
    assert.ok(Math.abs(estimate.offsetMs - 300) <= estimate.uncertaintyMs);
  });
  it('probes spread over a second narrow it to about the spacing, still containing the truth', () => {
    const offset = 123.4;
    const probes = Array.from({ length: 11 }, (_, i) => {
      const t0 = 1_700_000_000_000 + i * 100;
      const dateMs = Math.floor((t0 + 0.5 - offset) / 1000) * 1000;
      return { t0, t3: t0 + 1, dateMs };
    });
    const estimate = estimateOffsetFromDate(probes);
    assert.ok(estimate);
    assert.ok(estimate.uncertaintyMs <= 50 + 1 + DATE_CACHE_SLACK_MS, `${estimate.uncertaintyMs}`);
    assert.ok(Math.abs(estimate.offsetMs - offset) <= estimate.uncertaintyMs);
    assert.equal(estimate.consistent, true);
  });
  it('contradicting probes fall back to the best single one', () => {
    const estimate = estimateOffsetFromDate([
      { t0: 10_000, t3: 10_002, dateMs: 10_000 },
      { t0: 20_000, t3: 20_001, dateMs: 15_000 },
    ]);
    assert.equal(estimate?.consistent, false);
    assert.equal(estimate?.uncertaintyMs, 500 + 0.5 + DATE_CACHE_SLACK_MS);
  });
  it('null without a usable probe', () => {
    assert.equal(estimateOffsetFromDate([{ t0: 5, t3: 4, dateMs: 0 }]), null);
  });
});
