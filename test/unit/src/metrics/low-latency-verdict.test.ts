import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowLatencyVerdict } from '../../../../src/metrics/low-latency-verdict.js';

test('names what the requests show, in the same words for both clients', () => {
  const v = (parts: number, blockingReloads: number, hintRequests: number, segments: number): string =>
    lowLatencyVerdict({ parts, blockingReloads, hintRequests, segments });
  assert.equal(v(100, 90, 80, 0), 'low-latency: parts, blocking reloads and preload hints');
  assert.equal(v(100, 90, 0, 2), 'low-latency: parts and blocking reloads, no preload hints');
  assert.match(v(100, 0, 0, 0), /^partly low-latency: parts, but playlists polled/);
  assert.match(v(0, 5, 0, 10), /^partly low-latency: blocking reloads, but whole segments/);
  assert.match(v(0, 0, 0, 10), /^not low-latency: fell back to ordinary HLS/);
  assert.equal(v(0, 0, 0, 0), 'no media loaded');
});
