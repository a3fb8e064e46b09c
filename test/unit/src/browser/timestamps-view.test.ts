import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTimestampsDocument, TimestampsView } from '../../../../src/browser/timestamps-view.js';
import type { TimestampsDocument, TimestampsSegment } from '../../../../src/hls/timestamps.js';

const segment = (msn: number, complete: boolean): TimestampsSegment => ({
  msn,
  uri: `s${msn}.ts`,
  duration: 1,
  discontinuity: false,
  firstPts: msn * 90_000,
  capture: 1000 * msn,
  programDateTime: 1000 * msn,
  publish: 1000 * msn + 1100,
  complete,
  parts: [0, 1].map((part) => ({
    msn,
    part,
    uri: `p${msn}.${part}.ts`,
    duration: 0.5,
    independent: part === 0,
    firstPts: msn * 90_000 + part * 45_000,
    capture: 1000 * msn + 500 * part,
    frameCaptures: [1000 * msn + 500 * part],
    publish: 1000 * msn + 500 * part + 600,
  })),
});

const doc = (segments: TimestampsSegment[]): TimestampsDocument => ({
  schema: 'llhls.timestamps/1',
  serverTime: 0,
  stream: {
    codec: 'h264',
    width: 640,
    height: 360,
    frameRate: 30,
    audio: false,
    source: 'input',
    captureSource: 'arrival-anchored',
    frameCode: null,
    partTarget: 0.5,
    targetDuration: 1,
  },
  mediaSequence: segments[0]?.msn ?? 0,
  discontinuitySequence: 0,
  segments,
});

test('capture and publish of parts, and of segments once complete; kept after leaving the window', () => {
  const view = new TimestampsView(doc([segment(1, true), segment(2, false)]));
  assert.deepEqual(view.media(1, 1), { capture: 1500, publish: 2100 });
  assert.deepEqual(view.media(1, null), { capture: 1000, publish: 2100 });
  assert.equal(view.media(2, null), null);
  assert.equal(view.codes, null);
  view.add(doc([segment(2, true), segment(3, false)]));
  assert.deepEqual(view.media(2, null), { capture: 2000, publish: 3100 });
  assert.deepEqual(view.media(1, 0), { capture: 1000, publish: 1600 });
});

test('only an llhls timestamps document is accepted', () => {
  assert.equal(isTimestampsDocument(doc([])), true);
  assert.equal(isTimestampsDocument({ schema: 'other', stream: {}, segments: [] }), false);
  assert.equal(isTimestampsDocument(null), false);
  assert.equal(isTimestampsDocument('llhls.timestamps/1'), false);
});
