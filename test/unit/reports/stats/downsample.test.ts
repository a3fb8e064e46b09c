import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minMaxDecimate } from '../../../../reports/stats/downsample.js';

test('min-max decimation: bounded, in x order, every extreme kept', () => {
  const points = Array.from({ length: 20_000 }, (_, i) => ({ x: i / 30, y: 300 + 20 * Math.sin(i / 50) }));
  points[12_345] = { x: points[12_345]!.x, y: 3170 }; // a stall's spike
  points[777] = { x: points[777]!.x, y: -5 };
  const out = minMaxDecimate(points, 1000);
  assert.ok(out.length <= 1000, `${out.length}`);
  assert.ok(out.every((p, i) => i === 0 || p.x >= out[i - 1]!.x));
  assert.ok(out.some((p) => p.y === 3170));
  assert.ok(out.some((p) => p.y === -5));
  assert.deepEqual(minMaxDecimate(points.slice(0, 10), 1000), points.slice(0, 10));
});
