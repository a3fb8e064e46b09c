import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowLatencyVerdict } from '../../../../src/browser/low-latency-verdict.js';

test('names what the network log shows', () => {
  const v = (parts: number, blockingReloads: number, hintRequests: number, segments: number): string =>
    lowLatencyVerdict({ parts, blockingReloads, hintRequests, segments });
  assert.equal(v(100, 90, 80, 0), 'low-latency (parts + blocking reload, preload hints used)');
  assert.equal(v(100, 90, 0, 2), 'low-latency (parts + blocking reload)');
  assert.match(v(100, 0, 0, 0), /^partly low-latency \(parts, but playlists polled/);
  assert.match(v(0, 5, 0, 10), /^partly low-latency \(blocking reload, but whole segments/);
  assert.match(v(0, 0, 0, 10), /^fell back to ordinary HLS/);
  assert.equal(v(0, 0, 0, 0), 'no media loaded');
});
