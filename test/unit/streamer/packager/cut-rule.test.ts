import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CutContext,
  type CutFrame,
  decideFrame,
  type FrameDecision,
  IDLE_TIMELINE,
  listedPartTicks,
  listedSegmentTicks,
  type Timeline,
} from '../../../../streamer/packager/cut-rule.js';

/** 30 fps, 3-frame (0.1 s) parts, 1 s segments, TARGETDURATION 1. */
const CTX: CutContext = {
  frameTicks: 3000,
  framesPerPart: 3,
  segmentTargetTicks: 90_000,
  targetDurationTicks: 90_000,
  keyframeInterval: null,
};
const F = 3000;
const NaN_ = Number.NaN;

/** A running timeline whose origin is DTS 0: last frame at `last`, segment and part starts. */
const at = (last: number, segmentStart: number, partStart: number, sinceKeyframe = 1): Timeline => ({
  running: true,
  originDts: 0,
  gridDts: 0,
  gridPos: 0,
  lastDts: last,
  lastPos: last,
  segmentStart,
  segmentKeyPts: NaN_,
  partStart,
  sinceKeyframe,
});

type Expected = Partial<Omit<FrameDecision, 'next'>> & { next?: Partial<Timeline> };

// [what, context, timeline before, frame {dts, keyframe}, what is decided]
const TABLE: [string, CutContext | null, Timeline, CutFrame, Expected][] = [
  [
    'no timeline, no keyframe: dropped',
    CTX,
    IDLE_TIMELINE,
    { dts: 0, keyframe: false },
    { take: false, held: 'drop', jump: null, starts: false },
  ],
  [
    'no timeline, a keyframe: starts one (a segment at place 0)',
    CTX,
    IDLE_TIMELINE,
    { dts: 5, keyframe: true },
    {
      take: true,
      held: 'join',
      starts: true,
      cut: 'segment',
      pos: 0,
      closePart: false,
      next: { originDts: 5, partStart: 0 },
    },
  ],
  [
    'the 2nd frame joins the part',
    CTX,
    at(0, 0, 0),
    { dts: F, keyframe: false },
    { cut: null, held: 'join', pos: F, closePart: false },
  ],
  [
    'the 3rd frame fills the part: published with it',
    CTX,
    at(F, 0, 0, 2),
    { dts: 2 * F, keyframe: false },
    { cut: null, closePart: true, next: { partStart: NaN_ } },
  ],
  [
    'after a full part the next frame starts a part (it is already open: no cut)',
    CTX,
    at(2 * F, 0, NaN_, 3),
    { dts: 3 * F, keyframe: false },
    { cut: null, held: 'join', pos: 3 * F, next: { partStart: 3 * F } },
  ],
  [
    'jitter under half a frame moves nothing',
    CTX,
    at(F, 0, 0, 2),
    { dts: 2 * F + 1400, keyframe: false },
    { pos: 2 * F, closePart: true },
  ],
  [
    'one missing frame: the 3rd frame ends the part at place 3 (2 frames, 0.1 s)',
    CTX,
    at(0, 0, 0),
    { dts: 2 * F, keyframe: false },
    { jump: null, cut: null, pos: 2 * F, closePart: true },
  ],
  [
    'a frame that does not fit (frames missing) closes the part before itself',
    CTX,
    at(F, 0, 0, 2),
    { dts: 3 * F, keyframe: false },
    { cut: 'part', held: 'next-part', pos: 3 * F, next: { partStart: 3 * F } },
  ],
  [
    'a step of 3 intervals (2 frames missing) continues',
    CTX,
    at(F, 0, 0, 2),
    { dts: 4 * F, keyframe: false },
    { jump: null, take: true, cut: 'part' },
  ],
  [
    'a step of 0.4 s (a busy encoder stamping the wall clock) continues: the frame starts a part',
    CTX,
    at(F, 0, 0, 2),
    { dts: F + 36_000, keyframe: false },
    { jump: null, take: true, cut: 'part', pos: F + 36_000 },
  ],
  [
    'a step of more than 0.5 s breaks the timeline; no keyframe: dropped',
    CTX,
    at(F, 0, 0, 2),
    { dts: F + 45_001, keyframe: false },
    { jump: 'forward', take: false, held: 'drop', next: { running: false } },
  ],
  [
    'a step of more than 0.5 s but only 3 intervals does not (1 fps)',
    {
      ...CTX,
      frameTicks: 90_000,
      framesPerPart: 1,
      segmentTargetTicks: 180_000,
      targetDurationTicks: 180_000,
    },
    at(90_000, 0, 90_000, 2),
    { dts: 360_000, keyframe: false },
    { jump: null },
  ],
  [
    'a forward jump onto a keyframe starts the new timeline at once',
    CTX,
    at(F, 0, 0, 2),
    { dts: 900_000, keyframe: true },
    {
      jump: 'forward',
      take: true,
      held: 'join',
      starts: true,
      cut: 'segment',
      pos: 0,
      next: { originDts: 900_000 },
    },
  ],
  [
    'DTS going back (an encoder restarted into the pipe) breaks it',
    CTX,
    at(30 * F, 0, 30 * F, 1),
    { dts: 60_000, keyframe: true },
    { jump: 'backward', starts: true, cut: 'segment' },
  ],
  [
    'the same DTS again breaks it too',
    CTX,
    at(F, 0, 0, 2),
    { dts: F, keyframe: false },
    { jump: 'backward', take: false },
  ],
  [
    'a full part closed with its last frame, then a keyframe at the target: the segment starts in the part already open',
    CTX,
    at(29 * F, 0, NaN_, 30),
    { dts: 30 * F, keyframe: true },
    { cut: 'segment', held: 'join', next: { segmentStart: 30 * F, partStart: 30 * F } },
  ],
  [
    'learning: what came between frames joins the open part (no cut before the frame interval is known)',
    null,
    at(F, 0, 0, 2),
    { dts: 10 * F, keyframe: true },
    { cut: null, held: 'join' },
  ],
  [
    'a keyframe before the segment target does not cut (scene cut)',
    CTX,
    at(14 * F, 0, 12 * F, 15),
    { dts: 15 * F, keyframe: true },
    { cut: 'part', next: { segmentStart: 0 } },
  ],
  [
    'a keyframe at the segment target starts the next segment',
    CTX,
    at(29 * F, 0, 27 * F, 30),
    { dts: 30 * F, keyframe: true },
    {
      cut: 'segment',
      held: 'next-part',
      next: { segmentStart: 30 * F, partStart: 30 * F, sinceKeyframe: 1 },
    },
  ],
  [
    'a keyframe that starts a timeline is the PTS its segment is measured from',
    CTX,
    IDLE_TIMELINE,
    { dts: 5, pts: 3005, keyframe: true },
    { cut: 'segment', next: { segmentStart: 0, segmentKeyPts: 3005 } },
  ],
  [
    "open GOP: a CRA decoded a frame early (its leading picture after it) but a whole GOP after the segment's IDR on screen ends the segment",
    CTX,
    { ...at(28 * F, 0, 27 * F, 29), segmentKeyPts: 9000 },
    { dts: 29 * F, pts: 9000 + 30 * F, keyframe: true },
    { cut: 'segment', pos: 29 * F, next: { segmentStart: 29 * F, segmentKeyPts: 9000 + 30 * F } },
  ],
  [
    '... the same CRA by its decode place alone (no PTS kept for the segment) is early, and does not',
    CTX,
    at(28 * F, 0, 27 * F, 29),
    { dts: 29 * F, pts: 9000 + 30 * F, keyframe: true },
    { cut: null, next: { segmentStart: 0 } },
  ],
  [
    'a keyframe early on screen too (a scene cut a frame before the target) does not cut, whatever its DTS',
    CTX,
    { ...at(29 * F, 0, 27 * F, 30), segmentKeyPts: 9000 },
    { dts: 30 * F, pts: 9000 + 28 * F, keyframe: true },
    { cut: 'part', next: { segmentStart: 0, segmentKeyPts: 9000 } },
  ],
  [
    'presentation times jittering by under half a frame round to the grid',
    CTX,
    { ...at(29 * F, 0, 27 * F, 30), segmentKeyPts: 9000 },
    { dts: 30 * F, pts: 9000 + 30 * F - 1400, keyframe: true },
    { cut: 'segment' },
  ],
  [
    'a segment cut on no keyframe keeps no PTS to compare with',
    CTX,
    { ...at(43 * F, 0, 42 * F, 44), segmentKeyPts: 9000 },
    { dts: 44 * F, pts: 47 * F, keyframe: false },
    { cut: 'segment', next: { segmentKeyPts: NaN_ } },
  ],
  [
    'half a frame early is on target',
    CTX,
    at(29 * F, 0, 27 * F, 30),
    { dts: 30 * F - 1400, keyframe: true },
    { cut: 'segment', pos: 30 * F },
  ],
  [
    'no keyframe: a segment is cut before its EXTINF would round above TARGETDURATION',
    CTX,
    at(43 * F, 0, 42 * F, 44),
    { dts: 44 * F, keyframe: false },
    { cut: 'segment' },
  ],
  [
    '... and not one frame earlier',
    CTX,
    at(42 * F, 0, 42 * F, 43),
    { dts: 43 * F, keyframe: false },
    { cut: null },
  ],
  [
    'learning (no context yet): frames join the part, places are raw DTS',
    null,
    at(F, 0, 0, 2),
    { dts: 2 * F + 7, keyframe: false },
    { cut: null, pos: 2 * F + 7, closePart: false },
  ],
  [
    'learning: a 0.5 s jump breaks the timeline',
    null,
    at(F, 0, 0, 2),
    { dts: F + 45_001, keyframe: true },
    { jump: 'forward', starts: true },
  ],
  [
    'fixed GOP: the 30th frame of the GOP completes the segment',
    { ...CTX, keyframeInterval: 30 },
    at(28 * F, 0, 27 * F, 29),
    { dts: 29 * F, keyframe: false },
    { closePart: true, completeSegment: true, next: { segmentStart: NaN_, partStart: NaN_ } },
  ],
  [
    'fixed GOP: the frame after starts the segment in the part already open',
    { ...CTX, keyframeInterval: 30 },
    at(29 * F, NaN_, NaN_, 30),
    { dts: 30 * F, keyframe: true },
    { cut: 'segment', held: 'join', gopMismatch: false, next: { segmentStart: 30 * F } },
  ],
  [
    'fixed GOP broken: that frame is no keyframe',
    { ...CTX, keyframeInterval: 30 },
    at(29 * F, NaN_, NaN_, 30),
    { dts: 30 * F, keyframe: false },
    { cut: 'segment', gopMismatch: true },
  ],
  [
    'the frame interval just learnt: the grid is anchored on the last frame placed, not the first',
    CTX,
    { ...at(3 * F + 1408, 0, 3 * F + 1408), gridDts: NaN_, gridPos: NaN_ },
    { dts: 5 * F + 1408, keyframe: false },
    { pos: 5 * F + 1408, next: { gridDts: 3 * F + 1408, gridPos: 3 * F + 1408 } },
  ],
  [
    'learning: no grid yet, the place is the DTS from the origin',
    null,
    { ...at(F, 0, 0, 2), gridDts: NaN_, gridPos: NaN_ },
    { dts: 2 * F + 1408, keyframe: false },
    { pos: 2 * F + 1408, next: { gridDts: NaN_ } },
  ],
  [
    'on a grid: sub-frame jitter rounds to the grid',
    CTX,
    { ...at(3 * F + 1408, 0, 3 * F + 1408), gridDts: 1408, gridPos: 1408 },
    { dts: 4 * F + 1408 + 1200, keyframe: false },
    { pos: 4 * F + 1408 },
  ],
];

describe('decideFrame', () => {
  for (const [what, ctx, before, frame, expected] of TABLE) {
    it(what, () => {
      const decided = decideFrame(ctx, before, frame);
      const { next, ...rest } = expected;
      for (const [key, value] of Object.entries(rest)) {
        assert.deepEqual(decided[key as keyof FrameDecision], value, `${key}`);
      }
      for (const [key, value] of Object.entries(next ?? {})) {
        assert.deepEqual(decided.next[key as keyof Timeline], value, `next.${key}`);
      }
    });
  }
});

describe('listedSegmentTicks', () => {
  it('is the span from the first frame to the end, gaps included', () => {
    assert.equal(listedSegmentTicks(CTX, 30 * F, 60 * F + 9000), 30 * F + 9000);
  });
  it('never rounds above TARGETDURATION', () => {
    assert.equal(listedSegmentTicks(CTX, 0, 200_000), 134_999);
  });
});

describe('listedPartTicks', () => {
  it('is the part from its first frame to the next part (the media timeline)', () => {
    assert.equal(listedPartTicks(CTX, 3 * F, 0, 6 * F), 3 * F);
    assert.equal(listedPartTicks(CTX, 3 * F, 0, 5 * F), 2 * F);
  });
  it('never lists more than the part span: a gap the frames left is cut off', () => {
    assert.equal(listedPartTicks(CTX, 3 * F, 0, 8 * F), 3 * F);
  });
  it('never lets the segment round above TARGETDURATION', () => {
    // A part starting 1.45 s into a segment may list up to 1.5 s - 1 tick in all.
    assert.equal(listedPartTicks({ ...CTX, framesPerPart: 100 }, 130_500, 0, 140_000), 134_999 - 130_500);
  });
});
