import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstLostSegment, retransmissionDelayMs } from '../../../../src/proxy/tcp-loss.js';

describe('retransmissionDelayMs', () => {
  it('RFC 5681 3.2: three duplicate ACKs repair a loss one round trip later', () => {
    assert.equal(retransmissionDelayMs({ rttMs: 80, segmentsAfter: 3, segmentsInFlight: 10 }), 80);
    assert.equal(retransmissionDelayMs({ rttMs: 80, segmentsAfter: 40, segmentsInFlight: 41 }), 80);
  });

  it('RFC 8985 7.2: a tail loss waits for the probe, PTO = 2 x SRTT, at least 10 ms', () => {
    assert.equal(retransmissionDelayMs({ rttMs: 80, segmentsAfter: 2, segmentsInFlight: 5 }), 160);
    assert.equal(retransmissionDelayMs({ rttMs: 1, segmentsAfter: 0, segmentsInFlight: 3 }), 10);
  });

  it('RFC 8985 7.2: a lone segment adds the worst-case delayed ACK, capped by the RTO (SRTT + 200 ms)', () => {
    assert.equal(retransmissionDelayMs({ rttMs: 10, segmentsAfter: 0, segmentsInFlight: 1 }), 210);
    assert.equal(retransmissionDelayMs({ rttMs: 300, segmentsAfter: 0, segmentsInFlight: 1 }), 500);
    assert.equal(retransmissionDelayMs({ rttMs: 300, segmentsAfter: 1, segmentsInFlight: 2 }), 500);
  });
});

describe('firstLostSegment', () => {
  it('finds the first draw under the loss rate, or -1', () => {
    const draws = [0.5, 0.2, 0.001, 0.0];
    assert.equal(
      firstLostSegment(10, 0.01, () => draws.shift() as number),
      2,
    );
    assert.equal(
      firstLostSegment(3, 0.01, () => 0.5),
      -1,
    );
    assert.equal(
      firstLostSegment(3, 0, () => 0),
      -1,
    );
  });

  it('loses about the configured share of segments', () => {
    let state = 1;
    const random = (): number => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    let lost = 0;
    for (let i = 0; i < 100_000; i += 1) if (firstLostSegment(1, 0.02, random) === 0) lost += 1;
    assert.ok(lost > 1800 && lost < 2200, `${lost}`);
  });
});
