import type { AccessUnit, DemuxEvent, ProgramInfo } from '../mpegts/types.js';
import { StreamCodec } from '../mpegts/types.js';
import { MediaWindow } from './media-window.js';
import {
  type AdvertisedValues,
  decideAdvertised,
  type PackagerOptions,
  validatePackagerOptions,
} from './packager-options.js';
import { PartBuffer } from './part-buffer.js';
import { PsiContinuity } from './psi-continuity.js';
import { type CutContext, segmentDue, startsSegment } from './segmenter.js';

interface Frame {
  pts: number;
  capture: number;
  keyframe: boolean;
}

/** The part being filled. */
interface OpenPart {
  number: number;
  /** Bytes since the last frame ended, held back while that frame may start the next part
   *  (private copies). */
  pending: Uint8Array[];
  frames: Frame[];
  /** The next frame's bytes are held in `pending` (a cut before it is possible). */
  holding: boolean;
}

export interface PackagerStats {
  parts: number;
  segments: number;
  discontinuities: number;
  /** Bytes dropped while waiting for the first keyframe (at start and after a discontinuity). */
  droppedBytes: number;
  /** Segments completed early (options.keyframeInterval) whose next frame was no keyframe after
   *  all; the packager then waits for keyframes again for the rest of the stream. */
  gopMismatches: number;
}

/**
 * The pure LL-HLS packager: demuxer events and `now` in, parts and segments out into its
 * `window` (which emits `MediaWindowEvents`). TS packets pass through unchanged; every part begins
 * with the cached PAT+PMT. No I/O, no clock reads.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export class Packager {
  readonly window: MediaWindow;
  readonly options: Readonly<PackagerOptions>;
  readonly stats: PackagerStats = {
    parts: 0,
    segments: 0,
    discontinuities: 0,
    droppedBytes: 0,
    gopMismatches: 0,
  };

  #program: ProgramInfo | null = null;
  #cutPid = -1;
  readonly #continuity = new PsiContinuity();
  /** Bytes of the open part, final and in output order (already emitted as hint data). */
  readonly #bytes = new PartBuffer();
  #ctx: CutContext | null = null;
  #open: OpenPart | null = null;
  /** Bytes since the last cut-PID frame ended, while waiting for a keyframe to start on. */
  #prestart: Uint8Array[] = [];
  #lastPts = Number.NaN;
  #segmentFirstPts = Number.NaN;
  #nextNumber = 0;
  /** Frames since the last keyframe, that one included. */
  #sinceKeyframe = 0;
  /** The segment was completed after its last frame; the next frame starts the next one. */
  #completedEarly = false;
  /** options.keyframeInterval, until the stream broke that promise once. */
  #gop: number | null;

  /** @throws LlhlsError (InvalidFlag) on impossible options. */
  constructor(options: PackagerOptions) {
    validatePackagerOptions(options);
    this.options = options;
    this.#gop = options.keyframeInterval ?? null;
    this.window = new MediaWindow({
      windowSegments: options.windowSegments ?? 10,
      listParts: options.parts !== false,
    });
    if (options.frameRate !== undefined) this.#decide(90_000 / options.frameRate);
  }

  /** The advertised values; null until the frame rate is known (given, or after two frames). */
  get advertised(): AdvertisedValues | null {
    return this.window.advertised;
  }

  /** Feeds demuxer events, in order; `now` is the server clock (epoch ms) of this call. */
  push(events: readonly DemuxEvent[], now: number): void {
    for (const event of events) {
      if (event.type === 'packets') this.#onPackets(event.data);
      else if (event.type === 'program') this.#onProgram(event.program);
      else if (event.unit.pid === this.#cutPid) this.#onFrame(event.unit, now);
    }
  }

  /** The source restarted: close what is open, and start the next segment with
   *  EXT-X-DISCONTINUITY on a new timeline (called when FFmpeg was restarted). */
  discontinuity(now: number): void {
    this.flush(now);
    this.window.markDiscontinuity();
    this.stats.discontinuities += 1;
  }

  /** End of input: publishes the open part (up to its last complete frame) and segment. */
  flush(now: number): void {
    const open = this.#open;
    if (open !== null) {
      if (open.frames.length > 0) this.#closePart(open, null, now);
      else this.window.setHint(null, now);
    }
    this.#open = null;
    this.#completeSegment(now);
    this.#prestart = [];
    this.#lastPts = Number.NaN;
    this.#segmentFirstPts = Number.NaN;
    this.#sinceKeyframe = 0;
    this.#completedEarly = false;
  }

  #decide(frameTicks: number): void {
    const advertised = decideAdvertised(this.options, frameTicks);
    this.window.advertised = advertised;
    this.#ctx = {
      segmentTargetTicks: this.options.segmentTarget * 90_000,
      targetDurationTicks: advertised.targetDuration * 90_000,
      frameTicks,
    };
  }

  #onProgram(program: ProgramInfo): void {
    this.#program = program;
    this.#continuity.setPids([0, program.pmtPid]);
    const video = program.streams.find((s) => s.codec === StreamCodec.H264);
    const cut = video ?? program.streams.find((s) => s.codec === StreamCodec.AAC) ?? program.streams[0];
    this.#cutPid = cut?.pid ?? -1;
  }

  #onPackets(data: Uint8Array): void {
    // The demuxer's view is only valid until its next push: copy (once, straight into the part).
    const open = this.#open;
    if (open === null) this.#prestart.push(data.slice());
    else if (open.holding) open.pending.push(data.slice());
    else this.#commit(open, data);
  }

  #commit(open: OpenPart, data: Uint8Array): void {
    const chunk = this.#bytes.append(data);
    this.#continuity.rewrite(chunk);
    this.window.appendHintData(open.number, chunk);
  }

  #openPart(carry: Uint8Array[], now: number): OpenPart {
    const open: OpenPart = {
      number: this.#nextNumber++,
      pending: [],
      frames: [],
      holding: false,
    };
    this.#open = open;
    this.#bytes.begin();
    if (this.window.listParts) this.window.setHint(open.number, now);
    if (this.#program !== null) this.#commit(open, this.#program.psi);
    for (const chunk of carry) this.#commit(open, chunk);
    return open;
  }

  #onFrame(unit: AccessUnit, now: number): void {
    const frame: Frame = {
      pts: unit.pts,
      capture: this.options.captureTime(unit.pts, unit.arrival),
      keyframe: unit.keyframe,
    };
    let open = this.#open;
    if (open === null) {
      // Start (or restart) only on a keyframe, with the bytes of that frame.
      const carry = this.#prestart;
      this.#prestart = [];
      if (!frame.keyframe || this.#program === null) {
        for (const chunk of carry) this.stats.droppedBytes += chunk.length;
        return;
      }
      open = this.#openPart(carry, now);
      this.#segmentFirstPts = frame.pts;
    } else if (this.#completedEarly) {
      // The segment before ended with the previous frame: this one starts the next, as promised.
      this.#completedEarly = false;
      this.#segmentFirstPts = frame.pts;
      if (!frame.keyframe) {
        this.stats.gopMismatches += 1;
        this.#gop = null;
      }
      // Its bytes are already in the open part: an empty part does not hold (OpenPart.holding).
    } else {
      if (this.#ctx === null && frame.pts > this.#lastPts) this.#decide(frame.pts - this.#lastPts);
      const ctx = this.#ctx;
      const newSegment = ctx !== null && startsSegment(ctx, this.#segmentFirstPts, frame.pts, frame.keyframe);
      const full = ctx !== null && open.frames.length >= this.window.advertised!.framesPerPart;
      if (open.frames.length > 0 && open.holding && (newSegment || full)) {
        // Cut before this frame: the open part ends with the previous one.
        const carry = open.pending;
        open.pending = [];
        this.#closePart(open, frame.pts, now);
        if (newSegment) this.#startSegment(frame.pts, now);
        open = this.#openPart(carry, now);
      } else {
        if (open.frames.length === 0 && newSegment) this.#startSegment(frame.pts, now);
        for (const chunk of open.pending) this.#commit(open, chunk);
        open.pending = [];
      }
    }
    open.frames.push(frame);
    this.#lastPts = frame.pts;
    this.#sinceKeyframe = frame.keyframe ? 1 : this.#sinceKeyframe + 1;
    const ctx = this.#ctx;
    // The next frame is a keyframe at which the segment is due: complete it now, not then.
    const endsSegment = ctx !== null && this.#endsSegment(ctx, frame.pts);
    if (ctx !== null && (endsSegment || open.frames.length >= this.window.advertised!.framesPerPart)) {
      this.#closePart(open, null, now);
      open = this.#openPart([], now);
    }
    if (endsSegment) {
      this.#completeSegment(now);
      this.#completedEarly = true;
    }
    // Hold the next frame's bytes only when a cut before it is possible (see OpenPart.holding).
    open.holding =
      ctx === null ||
      (open.frames.length > 0 && segmentDue(ctx, this.#segmentFirstPts, frame.pts + ctx.frameTicks));
  }

  /** With a fixed GOP: the frame at `pts` is the last of its GOP, and the keyframe after it will
   *  start a segment (segmentDue), so the segment is whole now. */
  #endsSegment(ctx: CutContext, pts: number): boolean {
    return (
      this.#gop !== null &&
      this.#sinceKeyframe === this.#gop &&
      segmentDue(ctx, this.#segmentFirstPts, pts + ctx.frameTicks)
    );
  }

  /** Completes the open segment, if any (none after an early completion). */
  #completeSegment(now: number): void {
    if (this.window.completeSegment(now) !== null) this.stats.segments += 1;
  }

  #startSegment(firstPts: number, now: number): void {
    this.#completeSegment(now);
    this.#segmentFirstPts = firstPts;
  }

  /** Publishes the open part's committed bytes. `endPts`: the next frame's PTS when known. */
  #closePart(open: OpenPart, endPts: number | null, now: number): void {
    const frames = [...open.frames].sort((a, b) => a.pts - b.pts);
    const first = frames[0]!;
    const last = frames.at(-1)!;
    const frameTicks = this.#ctx?.frameTicks ?? 0;
    const end = endPts ?? last.pts + frameTicks;
    // 4.4.4.9: a part never exceeds PART-TARGET. Its PTS span can (a dropped frame, capture
    // jitter): the advertised duration is capped, and players place the media by its PTS anyway.
    const span = Math.round(((end - first.pts) / 90_000) * 1e5) / 1e5;
    const cap = this.window.advertised?.partTarget ?? Number.POSITIVE_INFINITY;
    this.window.publishPart(
      {
        number: open.number,
        duration: this.window.listParts ? Math.min(span, cap) : span,
        independent: open.frames[0]!.keyframe,
        firstPts: first.pts,
        capture: first.capture,
        frameCaptures: frames.map((f) => f.capture),
        bytes: this.#bytes.bytes(),
      },
      now,
    );
    this.stats.parts += 1;
    this.#open = null;
  }
}
