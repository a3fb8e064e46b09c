import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvergenceTracker, convergenceTolerance } from '../../../../src/browser/convergence.js';

test('reports the first time the latency gets within the target, once', () => {
  const tracker = new ConvergenceTracker(10_000);
  assert.equal(tracker.add(10_500, 3.0, 1.5), false);
  assert.equal(tracker.add(11_000, 2.0, 1.5), false);
  assert.equal(tracker.add(11_500, 1.6, 1.5), true);
  for (let t = 12_000; t < 16_000; t += 500) assert.equal(tracker.add(t, 1.5, 1.5), false);
  const result = tracker.result();
  assert.equal(result.converged, true);
  assert.equal(result.atMs, 1500);
  assert.equal(result.targetLatency, 1.5);
});

test('a player that stays where it landed, above target, has not converged', () => {
  const tracker = new ConvergenceTracker(0);
  for (let t = 0; t < 10_000; t += 500) tracker.add(t, 3.4 + (t % 1000) / 10_000, 0.3);
  const result = tracker.result();
  assert.deepEqual({ converged: result.converged, atMs: result.atMs }, { converged: false, atMs: null });
  assert.ok(result.finalLatency !== null && Math.abs(result.finalLatency - 3.45) < 0.06);
});

test('reached once but drifted away again: not converged at the end', () => {
  const tracker = new ConvergenceTracker(0);
  tracker.add(0, 1.5, 1.5);
  for (let t = 500; t < 6000; t += 500) tracker.add(t, 2.5, 1.5);
  assert.equal(tracker.result().converged, false);
  assert.equal(tracker.result().atMs, 0);
});

test('tolerance is at least 150 ms and 10% of the target', () => {
  assert.equal(convergenceTolerance(0.3), 0.15);
  assert.ok(Math.abs(convergenceTolerance(3) - 0.3) < 1e-9);
});
