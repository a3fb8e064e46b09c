/**
 * The cut rule: what the packager does with each frame (an access unit on the cut PID: video, or
 * audio for audio-only streams), decided from 90 kHz numbers alone. One pure function,
 * `decideFrame`; the packager only carries its decisions out.
 *
 * The timeline. A frame's place is its DTS (decode order, so B-frames do not reorder it; without
 * B-frames DTS = PTS) counted from the first frame of its timeline and rounded to whole frame
 * intervals: sub-frame jitter (a camera stamped with the wall clock) moves nothing, while a
 * missing frame leaves its interval in the timeline. The grid the places are rounded to is
 * anchored on the last frame placed before the frame interval was known (the first frame when it
 * is known from the start), so the places before and after learning it join without a step: a grid
 * anchored on a first frame off the others' phase put places half an interval off the DTS and took
 * that half back at the next gap, shortening that part below 85% of PART-TARGET (fuzz seed 396618). A part or segment lasts from its first
 * frame's place to the next one's, so the durations a playlist lists are the media's own.
 *
 * - A timeline starts on a keyframe; frames before one are dropped.
 * - What the stream carried since the last frame ended (other PIDs' packets, PSI, audio: held
 *   back, since any frame may start a new part, segment or timeline) goes with the next frame:
 *   dropped with it, into the open part it joins, or, when the open part closes before it, into
 *   the part it starts (`held`).
 * - A DTS that goes back (an encoder restarted into the same pipe) or jumps ahead more than
 *   MAX_GAP_TICKS (0.5 s; and more than MAX_STEP_FRAMES frame intervals) (an encoder stamping the
 *   wall clock that was blocked or paused) breaks the timeline: the open part and segment close with their own frames, the next
 *   segment gets EXT-X-DISCONTINUITY and a PROGRAM-DATE-TIME of its own, and it starts on the
 *   next keyframe. A 33-bit wrap is no jump: the demuxer unwraps DTS.
 * - A part closes right after the frame that fills it, when one more frame would not fit its
 *   span of framesPerPart frame intervals (it is published at once, not a frame later). A frame
 *   that does not fit the open part (frames were missing) closes it before itself.
 * - A segment ends at a keyframe once it has reached its target (a keyframe at least target -
 *   half a frame after the segment's first frame); an earlier keyframe (a scene cut) does not
 *   end it. Between two keyframes that distance is their presentation times' (PTS), rounded to
 *   whole frame intervals: an open GOP's leading pictures (x265's default, open-gop=1: RASL
 *   pictures decoded after a CRA but shown before it) put a CRA's DTS frames before its place in
 *   the GOP, so the first GOP after an IDR, which has none, is short in decode order, and a rule
 *   on DTS alone skipped its keyframe and cut the next segments on no keyframe. Without a keyframe, a segment is cut anyway before its EXTINF would round above
 *   TARGETDURATION. With a fixed GOP promised by our own encoder, the segment completes with its
 *   last frame instead of when the next keyframe arrives.
 * - Durations never break the spec's limits: a part lists at most its span (<= PART-TARGET), a
 *   segment never rounds above TARGETDURATION. A shorter gap (frames up to 0.5 s late) that would
 *   make a part longer than its span is cut from that part's listed duration, the only place the
 *   listed parts can lag the media; the segment's EXTINF keeps the gap (from its first frame to
 *   the next segment's), so PROGRAM-DATE-TIME plus EXTINF is still the next PROGRAM-DATE-TIME.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.2
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */

/** A DTS step of more than this many frame intervals, and more than MAX_GAP_TICKS, breaks the
 *  timeline. */
export const MAX_STEP_FRAMES = 3;
/** 0.5 s: a shorter gap is no jump. Encoders that stamp the wall clock skip a few frame intervals
 *  now and then (FFmpeg's first frames; a busy CPU): measured here, 2 to 4 intervals at start.
 *  Cutting there would drop frames up to the next keyframe; listing the gap costs a part's
 *  duration at most what MAX_STEP_FRAMES allows, while the segment lists the gap truthfully. */
export const MAX_GAP_TICKS = 45_000;
/** Until the frame interval is known, a step above MAX_GAP_TICKS breaks the timeline. */
export const MAX_LEARNING_STEP = MAX_GAP_TICKS;

/** What the advertised values fix about cutting (90 kHz ticks). */
export interface CutContext {
  frameTicks: number;
  /** Frames a part spans at most (with --no-parts: a segment's frames). */
  framesPerPart: number;
  segmentTargetTicks: number;
  /** EXT-X-TARGETDURATION in ticks. */
  targetDurationTicks: number;
  /** Frames from one keyframe to the next when our encoder promises it (fixed GOP), else null. */
  keyframeInterval: number | null;
}

/** Where the packager is on the current timeline. Positions are ticks from the timeline's origin. */
export interface Timeline {
  /** A keyframe started it and nothing broke it since. */
  running: boolean;
  /** DTS of the timeline's first frame. */
  originDts: number;
  /** DTS and place of the frame the grid of places is anchored on; NaN until the frame interval
   *  is known. */
  gridDts: number;
  gridPos: number;
  lastDts: number;
  lastPos: number;
  /** Where the open segment starts; NaN once it completed early (the next frame starts the next). */
  segmentStart: number;
  /** PTS of the keyframe the open segment starts with; NaN when it starts on another frame (or
   *  the PTS is not given). */
  segmentKeyPts: number;
  /** Where the open part starts; NaN while the open part holds no frame. */
  partStart: number;
  /** Frames since the last keyframe, that one included. */
  sinceKeyframe: number;
}

export const IDLE_TIMELINE: Timeline = {
  running: false,
  originDts: Number.NaN,
  gridDts: Number.NaN,
  gridPos: Number.NaN,
  lastDts: Number.NaN,
  lastPos: Number.NaN,
  segmentStart: Number.NaN,
  segmentKeyPts: Number.NaN,
  partStart: Number.NaN,
  sinceKeyframe: 0,
};

/** What becomes of the bytes held back since the last frame ended (FrameDecision.held). */
export const HeldBytes = {
  /** Dropped with the frame; an open part that holds no frame yet is withdrawn (no timeline to
   *  fill it). */
  Drop: 'drop',
  /** Into the open part, with the frame (or into the part opened for it when none is open). */
  Join: 'join',
  /** The open part, holding frames, closes without them: they start the frame's new part. */
  NextPart: 'next-part',
} as const;
export type HeldBytes = (typeof HeldBytes)[keyof typeof HeldBytes];

export interface FrameDecision {
  /** The frame broke the running timeline: close and complete what is open, then
   *  EXT-X-DISCONTINUITY before the next segment. */
  jump: 'backward' | 'forward' | null;
  /** Package the frame; false: drop it and its bytes (waiting for a keyframe). */
  take: boolean;
  /** The bytes held back since the last frame ended: dropped, joining the open part, or starting
   *  the next part. */
  held: HeldBytes;
  /** The frame starts a new timeline (its capture time anchors anew). */
  starts: boolean;
  /** Cut before the frame: it starts the next segment or the next part; null: it joins the open
   *  part. */
  cut: 'segment' | 'part' | null;
  /** The segment before completed early on the fixed-GOP promise, and this frame, which starts the
   *  next one, is no keyframe after all: the packager stops trusting the promise. */
  gopMismatch: boolean;
  /** Its place on the timeline. */
  pos: number;
  /** After the frame: the part is full, publish it now. */
  closePart: boolean;
  /** After the frame: the segment is complete (fixed GOP: the next frame is its keyframe). */
  completeSegment: boolean;
  /** The timeline after this frame. */
  next: Timeline;
}

/** A frame as the cut rule reads it (90 kHz); `pts` only matters for keyframes. */
export interface CutFrame {
  dts: number;
  pts?: number;
  keyframe: boolean;
}

/** Decides what to do with a frame. `ctx` is null until the frame interval is known. */
export function decideFrame(ctx: CutContext | null, t: Timeline, frame: CutFrame): FrameDecision {
  if (!t.running) return start(ctx, frame, null);
  const step = frame.dts - t.lastDts;
  const maxStep =
    ctx === null ? MAX_LEARNING_STEP : Math.max(MAX_STEP_FRAMES * ctx.frameTicks, MAX_GAP_TICKS);
  const jump = step <= 0 ? 'backward' : step > maxStep ? 'forward' : null;
  if (jump !== null) return start(ctx, frame, jump);
  // The frame interval has just become known: the grid is anchored on the last frame placed.
  const gridDts = ctx === null ? Number.NaN : Number.isNaN(t.gridDts) ? t.lastDts : t.gridDts;
  const gridPos = ctx === null ? Number.NaN : Number.isNaN(t.gridDts) ? t.lastPos : t.gridPos;
  const pos =
    ctx === null
      ? frame.dts - t.originDts
      : Math.max(
          t.lastPos + ctx.frameTicks,
          gridPos + Math.round((frame.dts - gridDts) / ctx.frameTicks) * ctx.frameTicks,
        );
  let cut: FrameDecision['cut'] = null;
  let gopMismatch = false;
  if (ctx !== null) {
    if (Number.isNaN(t.segmentStart)) {
      cut = 'segment';
      gopMismatch = !frame.keyframe;
    } else if (
      (frame.keyframe && segmentDue(ctx, 0, keyframeSpan(ctx, t, frame, pos))) ||
      segmentOverdue(ctx, t.segmentStart, pos)
    ) {
      cut = 'segment';
    } else if (!Number.isNaN(t.partStart) && !fits(ctx, t.partStart, pos)) {
      cut = 'part';
    }
  }
  return after(
    ctx,
    {
      running: true,
      originDts: t.originDts,
      gridDts,
      gridPos,
      lastDts: frame.dts,
      lastPos: pos,
      segmentStart: cut === 'segment' ? pos : t.segmentStart,
      segmentKeyPts: cut === 'segment' ? keyPts(frame) : t.segmentKeyPts,
      partStart: cut !== null || Number.isNaN(t.partStart) ? pos : t.partStart,
      sinceKeyframe: frame.keyframe ? 1 : t.sinceKeyframe + 1,
    },
    {
      jump: null,
      take: true,
      // A cut before a part that holds frames closes it before the bytes held back.
      held: cut !== null && !Number.isNaN(t.partStart) ? HeldBytes.NextPart : HeldBytes.Join,
      starts: false,
      cut,
      gopMismatch,
      pos,
    },
  );
}

/** A frame with no running timeline (or after a jump): a keyframe starts one, any other waits. */
function start(ctx: CutContext | null, frame: CutFrame, jump: FrameDecision['jump']): FrameDecision {
  if (!frame.keyframe) {
    return {
      jump,
      take: false,
      held: HeldBytes.Drop,
      starts: false,
      cut: null,
      gopMismatch: false,
      pos: Number.NaN,
      closePart: false,
      completeSegment: false,
      next: IDLE_TIMELINE,
    };
  }
  const next: Timeline = {
    running: true,
    originDts: frame.dts,
    gridDts: ctx === null ? Number.NaN : frame.dts,
    gridPos: ctx === null ? Number.NaN : 0,
    lastDts: frame.dts,
    lastPos: 0,
    segmentStart: 0,
    segmentKeyPts: keyPts(frame),
    partStart: 0,
    sinceKeyframe: 1,
  };
  // After a jump the packager has already closed what was open (`jump`): the bytes join the
  // frame's part, open (and empty) or opened for it.
  return after(ctx, next, {
    jump,
    take: true,
    held: HeldBytes.Join,
    starts: true,
    cut: 'segment',
    gopMismatch: false,
    pos: 0,
  });
}

/** Adds what happens after the frame joined its part. */
function after(
  ctx: CutContext | null,
  next: Timeline,
  decided: Omit<FrameDecision, 'closePart' | 'completeSegment' | 'next'>,
): FrameDecision {
  if (ctx === null) return { ...decided, closePart: false, completeSegment: false, next };
  const end = decided.pos + ctx.frameTicks;
  const completeSegment =
    ctx.keyframeInterval !== null &&
    next.sinceKeyframe === ctx.keyframeInterval &&
    segmentDue(ctx, next.segmentStart, end);
  const closePart = completeSegment || !fits(ctx, next.partStart, end);
  return {
    ...decided,
    closePart,
    completeSegment,
    next: {
      ...next,
      partStart: closePart ? Number.NaN : next.partStart,
      segmentStart: completeSegment ? Number.NaN : next.segmentStart,
    },
  };
}

/** A frame at `pos` fits the part that starts at `partStart` (it ends within the part's span). */
export function fits(ctx: CutContext, partStart: number, pos: number): boolean {
  return pos + ctx.frameTicks - partStart <= ctx.framesPerPart * ctx.frameTicks + 1e-6;
}

/** The segment has reached its target for a frame at `pos`: a keyframe there starts the next. */
export function segmentDue(ctx: CutContext, segmentStart: number, pos: number): boolean {
  return pos - segmentStart >= ctx.segmentTargetTicks - ctx.frameTicks / 2;
}

/** A frame at `pos` must start a new segment even without a keyframe: with it the EXTINF would
 *  round above TARGETDURATION (4.4.3.1). */
export function segmentOverdue(ctx: CutContext, segmentStart: number, pos: number): boolean {
  return pos + ctx.frameTicks - segmentStart >= ctx.targetDurationTicks + 0.5 * 90_000 - 1;
}

/** The PTS a segment starting with `frame` keeps (NaN: none to compare with). */
function keyPts(frame: CutFrame): number {
  return frame.keyframe && frame.pts !== undefined ? frame.pts : Number.NaN;
}

/** How far into its segment a keyframe at `pos` is: from the segment's keyframe by presentation
 *  time (rounded to whole frame intervals) when both PTS are known, else by places. */
function keyframeSpan(ctx: CutContext, t: Timeline, frame: CutFrame, pos: number): number {
  if (frame.pts === undefined || Number.isNaN(t.segmentKeyPts)) return pos - t.segmentStart;
  return Math.round((frame.pts - t.segmentKeyPts) / ctx.frameTicks) * ctx.frameTicks;
}

/** The EXTINF (ticks) of a segment from `segmentStart` to `end`: its span, but never rounding
 *  above TARGETDURATION (4.4.3.1). */
export function listedSegmentTicks(ctx: CutContext, segmentStart: number, end: number): number {
  return Math.max(0, Math.min(end - segmentStart, ctx.targetDurationTicks + 0.5 * 90_000 - 1));
}

/**
 * The duration (ticks) a closing part lists: from its first frame's place to `end` (the next
 * frame's place, or its last frame's plus one interval), at most its span, and for the last part
 * of a segment at most what keeps the segment's EXTINF from rounding above TARGETDURATION. Only a
 * gap the frames left is ever cut off.
 */
export function listedPartTicks(
  ctx: CutContext,
  partStart: number,
  segmentStart: number,
  end: number,
): number {
  const span = ctx.framesPerPart * ctx.frameTicks;
  const segmentRoom = ctx.targetDurationTicks + 0.5 * 90_000 - 1 - (partStart - segmentStart);
  return Math.max(0, Math.min(end - partStart, span, segmentRoom));
}
