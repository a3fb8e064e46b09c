import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameCodeOf } from '../../../../src/browser/frame-code.js';
import { FrameTally } from '../../../../src/browser/frame-samples.js';
import type { PageFrame } from '../../../../src/browser/page-report.js';
import { TimestampsView } from '../../../../src/browser/timestamps-view.js';
import type { TimestampsDocument } from '../../../../src/hls/timestamps.js';

const t0 = 1_795_000_000_000;
const frameCaptures = Array.from({ length: 10 }, (_, i) => t0 + i * 33.333);
const layout = {
  kind: 'capture-ms' as const,
  bits: 24,
  x: 0,
  y: 0,
  blockSize: 16,
  frameWidth: 640,
  frameHeight: 360,
};
const doc: TimestampsDocument = {
  schema: 'llhls.timestamps/1',
  serverTime: t0 + 1000,
  stream: {
    codec: 'h264',
    width: 640,
    height: 360,
    frameRate: 30,
    audio: false,
    source: 'test',
    captureSource: 'wallclock',
    frameCode: layout,
    partTarget: 0.333,
    targetDuration: 1,
  },
  mediaSequence: 1,
  discontinuitySequence: 0,
  segments: [
    {
      msn: 1,
      uri: 's1.ts',
      duration: 0.333,
      discontinuity: false,
      firstPts: 0,
      capture: t0,
      programDateTime: t0,
      publish: t0 + 400,
      complete: false,
      parts: [
        {
          msn: 1,
          part: 0,
          uri: 'p1.0.ts',
          duration: 0.333,
          independent: true,
          firstPts: 0,
          capture: t0,
          frameCaptures,
          publish: t0 + 400,
        },
      ],
    },
  ],
};

function strip(code: number): number[] {
  const out = [230, 20];
  for (let i = 23; i >= 0; i--) out.push(Math.floor(code / 2 ** i) % 2 === 1 ? 230 : 20);
  return out;
}

test('frame code first, PDT second; both recorded; clock conversion applied to display only', () => {
  const tally = new FrameTally(new TimestampsView(doc), (t) => t - 5);
  const capture = frameCaptures[3]!;
  const frame: PageFrame = {
    d: capture + 505,
    m: 12.1,
    p: capture + 10,
    b: strip(frameCodeOf(capture, 24)),
    n: 1,
  };
  const s = tally.sample(frame);
  assert.equal(s.display, capture + 500);
  assert.equal(s.captureByCode, capture);
  assert.equal(s.captureByPdt, capture + 10);
  assert.equal(s.capture_to_display, 500);
  assert.equal(s.capture_to_display_pdt, 490);
  assert.equal(s.captureSource, 'frame-code');
  assert.equal(tally.disagreements, 0);
  assert.equal(tally.medianDifference(), 10);
});

test('counts a PDT that is off by more than a frame interval + 20 ms, and missed callbacks', () => {
  const tally = new FrameTally(new TimestampsView(doc), (t) => t);
  const capture = frameCaptures[5]!;
  tally.sample({ d: capture + 400, m: 1, p: capture - 900, b: strip(frameCodeOf(capture, 24)), n: 10 });
  tally.sample({ d: capture + 500, m: 1.1, p: null, b: strip(frameCodeOf(capture, 24)), n: 13 });
  assert.equal(tally.disagreements, 1);
  assert.equal(tally.compared, 1);
  assert.equal(tally.missedCallbacks, 2);
});

test('an unreadable strip falls back to PDT; no frame code and no PDT gives no latency', () => {
  const tally = new FrameTally(new TimestampsView(doc), (t) => t);
  const flat = new Array(26).fill(128);
  const pdtOnly = tally.sample({ d: t0 + 700, m: 1, p: t0 + 100, b: flat, n: 1 });
  assert.equal(pdtOnly.frameCode, null);
  assert.equal(pdtOnly.captureSource, 'program-date-time');
  assert.equal(pdtOnly.capture_to_display, 600);
  const none = tally.sample({ d: t0 + 700, m: 1, p: null, b: null, n: 2 });
  assert.equal(none.capture_to_display, null);
  assert.equal(none.captureSource, null);
  assert.equal(tally.decoded, 0);
});
