import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_WARMUP_MS, warmupEnd } from '../../../../src/metrics/warmup.js';
import { eventSample, mediaSample, playerSample } from '../run/every-sample.js';

const T0 = 1_700_000_000_000;

describe('warmupEnd', () => {
  it('is the fixed warm-up for a client without a target', () => {
    const end = warmupEnd([mediaSample(T0 + 500)], {
      client: 'node',
      startedAt: T0,
      warmupMs: DEFAULT_WARMUP_MS,
    });
    assert.deepEqual(end, { client: 'node', endsAt: T0 + 10_000, reason: 'fixed' });
  });

  it('waits for the first target-reached event when it comes after the fixed warm-up', () => {
    const samples = [
      playerSample(T0 + 1000),
      eventSample(T0 + 14_000, 'target-reached'),
      eventSample(T0 + 12_000, 'target-reached'),
    ];
    const end = warmupEnd(samples, { client: 'browser', startedAt: T0, warmupMs: 10_000 });
    assert.deepEqual(end, { client: 'browser', endsAt: T0 + 12_000, reason: 'target-reached' });
  });

  it('keeps the fixed warm-up when the target was reached earlier', () => {
    const samples = [playerSample(T0 + 1000), eventSample(T0 + 3000, 'target-reached')];
    assert.equal(
      warmupEnd(samples, { client: 'browser', startedAt: T0, warmupMs: 10_000 }).endsAt,
      T0 + 10_000,
    );
  });

  it('flags a player that has a target and never reaches it', () => {
    const end = warmupEnd([playerSample(T0 + 1000)], { client: 'browser', startedAt: T0, warmupMs: 5000 });
    assert.deepEqual(end, { client: 'browser', endsAt: T0 + 5000, reason: 'target-never-reached' });
  });

  it('does not flag a client that never announces its target (the node client)', () => {
    const end = warmupEnd([playerSample(T0 + 1000, { client: 'node' })], {
      client: 'node',
      startedAt: T0,
      warmupMs: 5000,
    });
    assert.equal(end.reason, 'fixed');
  });

  it("ignores another client's target-reached", () => {
    const samples = [eventSample(T0 + 20_000, 'target-reached', {}, 'browser')];
    assert.equal(warmupEnd(samples, { client: 'node', startedAt: T0, warmupMs: 10_000 }).endsAt, T0 + 10_000);
  });
});
