/**
 * The cut rule, as pure decisions over 90 kHz numbers. The packager applies them when a frame
 * (an access unit on the cut PID: video, or audio for audio-only streams) has completed.
 *
 * - A part closes right after the access unit that completes it (it is published at once; waiting
 *   for the next frame would add a frame interval of latency). A part holds k frames.
 * - A segment ends at a keyframe once it reached its target: a keyframe whose PTS is at least
 *   target - half a frame after the segment's first frame starts the next segment, closing the
 *   open part early if needed.
 * - Without a keyframe, a segment is cut anyway before its EXTINF would round above
 *   TARGETDURATION (4.4.3.1), so the advertised target is never exceeded.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export interface CutContext {
  /** Segment target in 90 kHz ticks. */
  segmentTargetTicks: number;
  /** TARGETDURATION in 90 kHz ticks. */
  targetDurationTicks: number;
  frameTicks: number;
}

/** The segment has reached its target for a frame starting at `pts`: a keyframe there starts the next one. */
export function segmentDue(ctx: CutContext, segmentFirstPts: number, pts: number): boolean {
  return pts - segmentFirstPts >= ctx.segmentTargetTicks - ctx.frameTicks / 2;
}

/** A frame starting at `pts` must start a new segment even without a keyframe: including it
 *  would make the EXTINF round above TARGETDURATION. */
export function segmentOverdue(ctx: CutContext, segmentFirstPts: number, pts: number): boolean {
  return pts + ctx.frameTicks - segmentFirstPts >= ctx.targetDurationTicks + 0.5 * 90_000 - 1;
}

/** Whether a frame starting at `pts` (keyframe or not) starts a new segment. */
export function startsSegment(
  ctx: CutContext,
  segmentFirstPts: number,
  pts: number,
  keyframe: boolean,
): boolean {
  return (keyframe && segmentDue(ctx, segmentFirstPts, pts)) || segmentOverdue(ctx, segmentFirstPts, pts);
}
