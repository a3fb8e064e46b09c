import { median } from '../../src/metrics/percentiles.js';
import { type AdtsConfig, readAdtsFrame } from '../codec/adts.js';
import type { ParameterSets } from '../codec/parameter-sets.js';
import type { AccessUnit, DemuxEvent, ProgramInfo } from '../mpegts/types.js';
import { Container } from './container.js';
import {
  type CutContext,
  decideFrame,
  HeldBytes,
  IDLE_TIMELINE,
  listedPartTicks,
  listedSegmentTicks,
  MAX_LEARNING_STEP,
  type Timeline,
} from './cut-rule.js';
import { Fmp4PartWriter } from './fmp4-part-writer.js';
import { MediaWindow } from './media-window.js';
import {
  type AdvertisedValues,
  decideAdvertised,
  type PackagerOptions,
  validatePackagerOptions,
} from './packager-options.js';
import { choosePackaging } from './packaging-choice.js';
import type { PartItem, PartWriter, StreamConfig } from './part-writer.js';
import { TsPartWriter } from './ts-part-writer.js';

interface Frame {
  pts: number;
  /** Place on the timeline (cut-rule.ts). */
  pos: number;
  capture: number;
  keyframe: boolean;
}

/** The part being filled. */
interface OpenPart {
  number: number;
  frames: Frame[];
}

export interface PackagerStats {
  /** Frames (access units) received on the cut stream. */
  frames: number;
  parts: number;
  segments: number;
  /** EXT-X-DISCONTINUITY tags: source restarts and timeline jumps. */
  discontinuities: number;
  /** Timeline jumps found in the input: DTS going back (an encoder restarted into the pipe) or
   *  ahead by more than a few frame intervals (an encoder that was blocked or paused). */
  backwardJumps: number;
  forwardJumps: number;
  /** Frames dropped while waiting for a keyframe (at start and after a jump), and their bytes. */
  droppedFrames: number;
  droppedBytes: number;
  /** Segments completed early (options.keyframeInterval) whose next frame was no keyframe after
   *  all; the packager then waits for keyframes again for the rest of the stream. */
  gopMismatches: number;
}

/** Frame-interval samples taken before deciding it (their median resists one odd step). */
const LEARN_STEPS = 3;

/**
 * The pure LL-HLS packager: demuxer events and `now` in, parts and segments out into its
 * `window` (which emits `MediaWindowEvents`). What to do with each frame is `decideFrame`'s
 * (cut-rule.ts); a part's bytes are its writer's: MPEG-TS packets passed through unchanged
 * (ts-part-writer.ts) or fMP4 fragments (fmp4-part-writer.ts). No I/O, no clock reads.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */
export class Packager {
  readonly window: MediaWindow;
  readonly options: Readonly<PackagerOptions>;
  readonly stats: PackagerStats = {
    frames: 0,
    parts: 0,
    segments: 0,
    discontinuities: 0,
    backwardJumps: 0,
    forwardJumps: 0,
    droppedFrames: 0,
    droppedBytes: 0,
    gopMismatches: 0,
  };
  /** Why the program cannot be packaged (an unsupported video codec), or null. */
  refusal: string | null = null;
  /** The cut stream's parameter sets as last carried (video only), or null. */
  parameterSets: ParameterSets | null = null;
  /** The program's first AAC stream's configuration as last carried (its ADTS header), or null;
   *  known only when the demuxer hands over AAC payloads (DemuxOptions.payloads). */
  audioConfig: AdtsConfig | null = null;
  /** The program as last announced, or null. */
  get program(): ProgramInfo | null {
    return this.#program;
  }
  /** The stream the packager cuts on (video, or audio for audio-only programs), or null. */
  get cutStream(): ProgramInfo['streams'][number] | null {
    return this.#program?.streams.find((s) => s.pid === this.#cutPid) ?? null;
  }

  #program: ProgramInfo | null = null;
  #cutPid = -1;
  #audioPid = -1;
  readonly #writer: PartWriter;
  #ctx: CutContext | null = null;
  #timeline: Timeline = IDLE_TIMELINE;
  #open: OpenPart | null = null;
  /** What the stream carried since the last cut-PID frame ended (the writer's items: TS packets,
   *  access units), held back until the next frame's decision says where it goes (`held`). */
  #held: PartItem[] = [];
  #nextNumber = 0;
  /** Where the open segment started on the timeline. */
  #segmentPos = 0;
  /** DTS steps seen while the frame interval is being learnt. */
  #steps: number[] = [];

  /** @throws LlhlsError (InvalidFlag) on impossible options. */
  constructor(options: PackagerOptions) {
    validatePackagerOptions(options);
    this.options = options;
    const container = options.container ?? Container.Ts;
    this.#writer = container === Container.Fmp4 ? new Fmp4PartWriter() : new TsPartWriter();
    this.window = new MediaWindow({
      windowSegments: options.windowSegments ?? 10,
      listParts: options.parts !== false,
      container,
    });
    if (options.frameRate !== undefined) this.#decide(90_000 / options.frameRate);
  }

  /** The advertised values; null until the frame rate is known (given, or learnt from the DTS). */
  get advertised(): AdvertisedValues | null {
    return this.window.advertised;
  }

  /** The container parts and segments are written in. */
  get container(): Container {
    return this.#writer.container;
  }

  /** The segment duration asked for (s), for the origin (served-media.ts). */
  get segmentTarget(): number {
    return this.options.segmentTarget;
  }

  /** Feeds demuxer events, in order; `now` is the server clock (epoch ms) of this call. */
  push(events: readonly DemuxEvent[], now: number): void {
    for (const event of events) {
      if (event.type === 'packets') this.#hold(this.#writer.packets(event.data));
      else if (event.type === 'access-unit') {
        const unit = event.unit;
        if (unit.pid === this.#audioPid && unit.payload !== undefined) {
          this.audioConfig = readAdtsFrame(unit.payload, 0)?.config ?? this.audioConfig;
        }
        this.#hold(this.#writer.unit(unit));
        if (unit.pid === this.#cutPid) this.#onFrame(unit, now);
      } else if (event.type === 'program') this.#onProgram(event.program);
      else if (event.pid === this.#cutPid) this.parameterSets = event.sets;
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
    this.#endTimeline(now);
    if (this.#open !== null) this.window.setHint(null, now);
    this.#open = null;
    this.#held = [];
    this.#timeline = IDLE_TIMELINE;
  }

  #decide(frameTicks: number): void {
    const advertised = decideAdvertised(this.options, frameTicks);
    this.window.advertised = advertised;
    this.#ctx = {
      frameTicks,
      framesPerPart: advertised.framesPerPart,
      segmentTargetTicks: this.options.segmentTarget * 90_000,
      targetDurationTicks: advertised.targetDuration * 90_000,
      keyframeInterval: this.options.keyframeInterval ?? null,
    };
  }

  #onProgram(program: ProgramInfo): void {
    this.#program = program;
    const choice = choosePackaging(program);
    this.refusal = choice.ok ? null : choice.reason;
    const pid = choice.ok ? choice.cut.pid : -1;
    const audioPid = choice.ok ? (choice.audio?.pid ?? -1) : -1;
    if (pid !== this.#cutPid) this.parameterSets = null;
    if (audioPid !== this.#audioPid) this.audioConfig = null;
    this.#cutPid = pid;
    this.#audioPid = audioPid;
    this.#writer.program(program, pid, audioPid);
  }

  /** Holds what the writer kept of an event until the next frame's decision. */
  #hold(item: PartItem | null): void {
    if (item !== null) this.#held.push(item);
  }

  #commit(open: OpenPart, item: PartItem): void {
    const chunk = this.#writer.add(item);
    if (chunk !== null) this.window.appendHintData(open.number, chunk);
  }

  #openPart(carry: PartItem[], now: number): OpenPart {
    const open: OpenPart = { number: this.#nextNumber++, frames: [] };
    this.#open = open;
    const head = this.#writer.begin();
    if (this.window.listParts) this.window.setHint(open.number, now);
    if (head !== null) this.window.appendHintData(open.number, head);
    for (const item of carry) this.#commit(open, item);
    return open;
  }

  /** fMP4: a new init segment, when the writer made one, names the segments from the next on. */
  #takeInit(): void {
    const init = this.#writer.takeInit();
    if (init !== null) this.window.setInit(init);
  }

  #config(): StreamConfig {
    const expected = this.#audioPid >= 0 ? (this.options.expectedAudio ?? null) : null;
    return { sets: this.parameterSets, audio: this.audioConfig ?? expected };
  }

  /** Closes what is open on the running timeline and marks EXT-X-DISCONTINUITY before the next
   *  segment. */
  #breakTimeline(now: number): void {
    this.#endTimeline(now);
    this.window.markDiscontinuity();
    this.stats.discontinuities += 1;
  }

  #onFrame(unit: AccessUnit, now: number): void {
    this.stats.frames += 1;
    if (this.#ctx === null) this.#learn(unit.dts);
    // A new codec configuration needs a new init segment (fMP4), and that a new timeline.
    if (this.#timeline.running && this.#writer.configChanged(unit, this.#config())) this.#breakTimeline(now);
    const d = decideFrame(this.#ctx, this.#timeline, unit);
    if (d.jump !== null) {
      if (d.jump === 'backward') this.stats.backwardJumps += 1;
      else this.stats.forwardJumps += 1;
      this.#breakTimeline(now);
    }
    this.#timeline = d.next;
    if (!d.take) {
      this.#drop(now);
      return;
    }
    if (d.starts) {
      if (!this.#writer.startTimeline(unit, this.#config())) {
        // The container cannot describe the stream yet (fMP4: a track's configuration is missing).
        this.#timeline = IDLE_TIMELINE;
        this.#drop(now);
        return;
      }
      this.#takeInit();
    }
    if (d.gopMismatch) {
      this.stats.gopMismatches += 1;
      if (this.#ctx !== null) this.#ctx = { ...this.#ctx, keyframeInterval: null };
    }
    const frame: Frame = {
      pts: unit.pts,
      pos: d.pos,
      capture: this.options.captureTime(unit.pts, unit.arrival, d.starts),
      keyframe: unit.keyframe,
    };
    const held = this.#held;
    this.#held = [];
    let open = this.#open;
    if (open !== null && d.held === HeldBytes.NextPart) {
      // Cut before this frame: the open part ends where this frame begins.
      this.#closePart(open, d.pos, now);
      if (d.cut === 'segment') this.#completeSegment(now, d.pos);
      open = this.#openPart(held, now);
    } else if (open === null) {
      open = this.#openPart(held, now);
    } else {
      // The open part is empty (its predecessor closed full with the last frame): the segment
      // still ends where this frame begins, so frames missing before it stay in its EXTINF.
      if (d.cut === 'segment') this.#completeSegment(now, d.pos);
      for (const item of held) this.#commit(open, item);
    }
    if (d.cut === 'segment') this.#segmentPos = d.pos;
    open.frames.push(frame);
    // Parts and segments close after a frame only once the frame interval is known.
    const ctx = this.#ctx;
    if (ctx === null) return;
    if (d.closePart) {
      this.#closePart(open, d.pos + ctx.frameTicks, now);
      this.#openPart([], now);
    }
    if (d.completeSegment) this.#completeSegment(now, d.pos + ctx.frameTicks);
  }

  /** Collects DTS steps until the frame interval can be decided (median of LEARN_STEPS). */
  #learn(dts: number): void {
    const last = this.#timeline.running ? this.#timeline.lastDts : Number.NaN;
    const step = dts - last;
    if (!(step > 0 && step <= MAX_LEARNING_STEP)) return;
    this.#steps.push(step);
    if (this.#steps.length < LEARN_STEPS) return;
    this.#decide(median(this.#steps)!);
  }

  /** The frame is not packaged: its bytes (and those held back before it) go. */
  #drop(now: number): void {
    this.stats.droppedFrames += 1;
    for (const item of this.#held) this.stats.droppedBytes += this.#writer.size(item);
    this.#held = [];
    if (this.#open !== null) {
      // No timeline to fill the hinted part (a frame is dropped only with none running, and what
      // was open was closed when it broke): withdraw the hint until a keyframe starts one.
      this.window.setHint(null, now);
      this.#open = null;
    }
  }

  /** Publishes the open part's frames and completes the segment; a new timeline follows. Bytes
   *  after the last frame stay held back for the next frame's decision. */
  #endTimeline(now: number): void {
    const open = this.#open;
    const ctx = this.#ctx;
    const t = this.#timeline;
    // Where the timeline ends: one interval after its last frame, whether or not that frame is in
    // the open part (a full part was published with it), so the last segment's EXTINF is its
    // media's span and not the sum of its listed parts.
    const end = ctx !== null && t.running ? t.lastPos + ctx.frameTicks : Number.NaN;
    if (open !== null && open.frames.length > 0) {
      if (ctx === null) {
        // The timeline broke (or the input ended) before its frame interval was learnt: nothing
        // of it was published, and no PART-TARGET exists yet that its part could keep to
        // (4.4.4.9). Its few frames go, as frames before a keyframe do (the fuzz found a 3-frame
        // part listed 0.1 s under a PART-TARGET decided later as 0.03334).
        this.stats.droppedFrames += open.frames.length;
        this.stats.droppedBytes += this.#writer.discard();
        this.window.setHint(null, now);
        this.#open = null;
      } else {
        this.#closePart(open, end, now);
      }
    }
    this.#completeSegment(now, end);
    this.#steps = [];
    this.#timeline = IDLE_TIMELINE;
  }

  /** Completes the open segment, if any (none after an early completion); `end` is where it
   *  ends on the timeline (NaN: unknown, its parts' sum stands). */
  #completeSegment(now: number, end: number): void {
    const ctx = this.#ctx;
    const ticks =
      ctx === null || Number.isNaN(end) ? Number.NaN : listedSegmentTicks(ctx, this.#segmentPos, end);
    const duration = Number.isNaN(ticks) ? undefined : Math.round((ticks / 90_000) * 1e5) / 1e5;
    if (this.window.completeSegment(now, duration) !== null) this.stats.segments += 1;
  }

  /** Publishes the open part's committed bytes; `end` is where the part ends on the timeline.
   *  `open` holds a frame at least (every caller closes only such a part: the `!` below). */
  #closePart(open: OpenPart, end: number, now: number): void {
    const first = open.frames[0]!;
    const ctx = this.#ctx;
    const ticks = ctx === null ? end - first.pos : listedPartTicks(ctx, first.pos, this.#segmentPos, end);
    const frames = [...open.frames].sort((a, b) => a.pts - b.pts);
    const written = this.#writer.finish(
      open.number + 1,
      // A part is only closed once the frame interval is learnt (decideFrame cuts only then).
      ctx?.frameTicks ?? 0,
      this.#config(),
    );
    this.#takeInit();
    if (written.tail !== null) this.window.appendHintData(open.number, written.tail);
    this.window.publishPart(
      {
        number: open.number,
        duration: Math.round((ticks / 90_000) * 1e5) / 1e5,
        independent: first.keyframe,
        firstPts: frames[0]!.pts,
        capture: frames[0]!.capture,
        frameCaptures: frames.map((f) => f.capture),
        bytes: written.bytes,
      },
      now,
    );
    this.stats.parts += 1;
    this.#open = null;
  }
}
