import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partHoles } from '../../../../src/metrics/part-holes.js';
import type { MediaSample } from '../../../../src/run/types.js';

/** A fetched part `msn.part` (or a whole segment with part null) whose request ended at `end`. */
const fetched = (msn: number, part: number | null, end: number): MediaSample => ({
  t: end,
  client: 'browser',
  viewer: 0,
  type: 'media',
  kind: part === null ? 'segment' : 'part',
  uri: `s${msn}${part === null ? '' : `.${part}`}.ts`,
  msn,
  part,
  hinted: false,
  status: 200,
  bytes: 1000,
  timing: { start: end - 5, firstByte: end - 2, end },
  duration: 0.1,
  capture: null,
  captureSource: null,
  publish: null,
  capture_to_first_byte: null,
  capture_to_last_byte: null,
  delivery: null,
  transfer: 'whole',
  serverTiming: null,
  error: null,
});

/** Every part of `msn` from `from` to `to`, 100 ms apart from `t0`. */
const run = (msn: number, from: number, to: number, t0: number): MediaSample[] =>
  Array.from({ length: to - from + 1 }, (_, i) => fetched(msn, from + i, t0 + 100 * i));

test('no hole: every part from the first fetched on, the start mid-segment and the open last segment', () => {
  assert.deepEqual(partHoles([...run(10, 4, 9, 0), ...run(11, 0, 9, 1000), ...run(12, 0, 3, 2000)], 10), []);
});

test('the last part of a segment never fetched (hls.js#5028 shape), in any sample order', () => {
  const media = [...run(10, 0, 8, 0), ...run(11, 0, 9, 4000)].reverse();
  assert.deepEqual(partHoles([...media, ...run(12, 0, 1, 5000)], 10), [
    { msn: 10, fromPart: 9, toPart: 9, after: 800 },
  ]);
});

test('a hole inside a segment and one at its end are reported apart', () => {
  const media = [...run(10, 0, 2, 0), ...run(10, 5, 7, 500), ...run(11, 0, 0, 900)];
  assert.deepEqual(partHoles(media, 10), [
    { msn: 10, fromPart: 3, toPart: 4, after: 200 },
    { msn: 10, fromPart: 8, toPart: 9, after: 700 },
  ]);
});

test('a segment fetched whole fills its missing parts; a later segment fetched whole ends a hole', () => {
  assert.deepEqual(partHoles([...run(10, 0, 5, 0), fetched(10, null, 700), fetched(11, null, 900)], 10), []);
  assert.deepEqual(partHoles([...run(10, 0, 5, 0), fetched(11, null, 900)], 10), [
    { msn: 10, fromPart: 6, toPart: 9, after: 500 },
  ]);
});
