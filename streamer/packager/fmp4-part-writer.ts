import { AAC_FRAME_SAMPLES, readAdtsFrame, readAdtsFrames, sameAdtsConfig } from '../codec/adts.js';
import { sameParameterSets } from '../codec/parameter-sets.js';
import { initSegment } from '../fmp4/init-segment.js';
import { lengthPrefixedSample } from '../fmp4/length-prefixed.js';
import { type FragmentSample, mediaFragment, SampleFlags, type TrackRun } from '../fmp4/media-fragment.js';
import { type AudioTrack, audioTrack, type Track, type VideoTrack, videoTrack } from '../fmp4/tracks.js';
import { type AccessUnit, type ProgramInfo, StreamCodec } from '../mpegts/types.js';
import { Container } from './container.js';
import type { PartItem, PartWriter, StreamConfig, WrittenPart } from './part-writer.js';

/** A frame interval to fall back on before the packager knows one (30 fps). */
const FALLBACK_FRAME_TICKS = 3000;

const FIRST_TRACK_ID = 1;
const AUDIO_TRACK_ID = 2;

/**
 * fMP4 (CMAF) parts from the demuxed access units: the cut stream (video, or AAC for audio-only
 * programs) and the program's first AAC stream, muxed in one fragment per part (moof + mdat), a
 * new init segment whenever the configuration changes. Other streams (a second audio, data) are
 * left out: an fMP4 file carries the tracks its init segment declares.
 *
 * Tracks. A timeline starts once the cut stream's configuration is known (video: its parameter
 * sets). A program's audio usually shows its first ADTS header a few frames after the first
 * keyframe, so when it has not yet, the timeline's init segment is written as its first part
 * completes: with the audio track if its header has arrived by then, else without (and the next
 * keyframe after it arrives breaks the timeline to add it).
 *
 * Timing. Decode times are the input's (90 kHz, unwrapped) on the first timeline; each later
 * timeline (after a jump or a restart, behind EXT-X-DISCONTINUITY) is shifted to continue where
 * the one before ended, so tfdt never goes back and a player that ignores the discontinuity plays
 * on. A frame lasts until the next frame's DTS; the last frame of a part lasts the packager's
 * frame interval, because the part is published the moment that frame arrives, before its
 * successor exists (a late successor leaves a gap, an early one overlaps the guess by its jitter).
 * AAC frames last 1024 samples each; the audio timeline stays contiguous unless the input's audio
 * drifts from it by more than half a frame (it then follows the input: a gap or an overlap).
 */
export class Fmp4PartWriter implements PartWriter {
  readonly container = Container.Fmp4;
  #cutPid = -1;
  #audioPid = -1;
  #video = false;
  /** The tracks of the current init segment; null before the first timeline. */
  #tracks: Track[] | null = null;
  #newInit: Uint8Array | null = null;
  /** A timeline started with its video track known and its audio's configuration not yet: the
   *  tracks are decided when its first part completes (the audio has arrived by then, or the
   *  init goes without it). */
  #undecided: VideoTrack | null = null;
  /** Added to input timestamps (90 kHz) on the current timeline. */
  #offset = 0;
  #rebase = false;
  /** Output end of the last cut-stream sample (90 kHz), and of the last audio sample (its
   *  timescale); null before the first. */
  #cutEnd: number | null = null;
  #audioEnd: number | null = null;
  #units: AccessUnit[] = [];

  program(program: ProgramInfo, cutPid: number, audioPid: number): void {
    const codec = program.streams.find((s) => s.pid === cutPid)?.codec;
    this.#video = codec === StreamCodec.H264 || codec === StreamCodec.HEVC;
    this.#cutPid = cutPid;
    this.#audioPid = audioPid;
  }

  packets(): null {
    return null;
  }

  unit(unit: AccessUnit): PartItem | null {
    if (unit.payload === undefined) return null;
    if (unit.pid === this.#cutPid) return unit;
    if (unit.pid !== this.#audioPid) return null;
    // Audio the current init segment does not describe waits for the next timeline (configChanged
    // breaks this one at the next keyframe).
    const config = readAdtsFrame(unit.payload, 0)?.config;
    if (config === undefined) return null;
    const tracks = this.#undecided === null ? this.#tracks : null;
    if (tracks !== null && !sameAdtsConfig(config, audioOf(tracks)?.config ?? null)) return null;
    return unit;
  }

  startTimeline(_keyframe: AccessUnit, config: StreamConfig): boolean {
    this.#undecided = null;
    let tracks: Track[];
    if (this.#video) {
      const video = config.sets === null ? null : videoTrack(FIRST_TRACK_ID, config.sets);
      if (video === null) return false;
      if (this.#audioPid >= 0 && config.audio === null) {
        this.#undecided = video;
        this.#rebase = true;
        return true;
      }
      tracks = config.audio === null ? [video] : [video, audioTrack(AUDIO_TRACK_ID, config.audio)];
    } else {
      if (config.audio === null) return false;
      tracks = [audioTrack(FIRST_TRACK_ID, config.audio)];
    }
    this.#rebase = true;
    this.#adopt(tracks);
    return true;
  }

  /** Makes `tracks` the init segment's, writing a new one when they differ from the current. */
  #adopt(tracks: Track[]): void {
    if (this.#tracks !== null && sameTracks(tracks, this.#tracks)) return;
    this.#tracks = tracks;
    this.#newInit = initSegment(tracks);
  }

  configChanged(keyframe: AccessUnit, config: StreamConfig): boolean {
    const tracks = this.#tracks;
    if (tracks === null || !keyframe.keyframe) return false;
    const video = tracks.find((t): t is VideoTrack => t.kind === 'video');
    if (video !== undefined && config.sets !== null && !sameParameterSets(config.sets, video.sets))
      return true;
    return config.audio !== null && !sameAdtsConfig(config.audio, audioOf(tracks)?.config ?? null);
  }

  takeInit(): Uint8Array | null {
    const init = this.#newInit;
    this.#newInit = null;
    return init;
  }

  begin(): null {
    this.#units = [];
    return null;
  }

  add(item: PartItem): null {
    this.#units.push(item as AccessUnit);
    return null;
  }

  discard(): number {
    let bytes = 0;
    for (const unit of this.#units) bytes += this.size(unit);
    this.#units = [];
    return bytes;
  }

  size(item: PartItem): number {
    return (item as AccessUnit).payload?.length ?? 0;
  }

  finish(sequence: number, frameTicks: number, config: StreamConfig): WrittenPart {
    const undecided = this.#undecided;
    if (undecided !== null) {
      this.#undecided = null;
      const audio = config.audio;
      this.#adopt(audio === null ? [undecided] : [undecided, audioTrack(AUDIO_TRACK_ID, audio)]);
    }
    const tracks = this.#tracks ?? [];
    const cut = this.#units.filter((u) => u.pid === this.#cutPid);
    const first = cut[0];
    if (this.#rebase && first !== undefined) {
      this.#rebase = false;
      this.#offset = this.#cutEnd === null ? 0 : this.#cutEnd - first.dts;
    }
    const runs: TrackRun[] = [];
    const head = tracks[0];
    if (head?.kind === 'video') {
      if (cut.length > 0) runs.push(this.#videoRun(head, cut, frameTicks));
      const audio = audioOf(tracks);
      const units = this.#units.filter((u) => u.pid === this.#audioPid);
      if (audio !== null && units.length > 0) runs.push(this.#audioRun(audio, units));
    } else if (head !== undefined && cut.length > 0) {
      runs.push(this.#audioRun(head, cut));
      this.#cutEnd = (this.#audioEnd! * 90_000) / head.timescale;
    }
    this.#units = [];
    const bytes = mediaFragment(sequence, runs);
    return { bytes, tail: bytes };
  }

  #videoRun(track: VideoTrack, units: readonly AccessUnit[], frameTicks: number): TrackRun {
    const samples: FragmentSample[] = [];
    const data: Uint8Array[] = [];
    let lastStep = frameTicks > 0 ? frameTicks : FALLBACK_FRAME_TICKS;
    units.forEach((unit, i) => {
      const next = units[i + 1];
      const step = next === undefined ? frameTicks : next.dts - unit.dts;
      if (step > 0) lastStep = step;
      const sample = lengthPrefixedSample(unit.payload!, track.codec);
      data.push(sample);
      samples.push({
        duration: Math.round(step > 0 ? step : lastStep),
        size: sample.length,
        flags: unit.keyframe ? SampleFlags.Sync : SampleFlags.NonSync,
        compositionOffset: Math.max(0, unit.pts - unit.dts),
      });
    });
    const base = units[0]!.dts + this.#offset;
    let end = base;
    for (const s of samples) end += s.duration;
    this.#cutEnd = end;
    return { trackId: track.id, baseMediaDecodeTime: Math.max(0, base), samples, data };
  }

  /** AAC frames of `units` as one contiguous run: a gap inside the part lengthens the sample
   *  before it, an overlap is closed up. */
  #audioRun(track: AudioTrack, units: readonly AccessUnit[]): TrackRun {
    const rate = track.timescale;
    const samples: FragmentSample[] = [];
    const data: Uint8Array[] = [];
    let base: number | null = null;
    let end = this.#audioEnd;
    for (const unit of units) {
      const frames = readAdtsFrames(unit.payload!);
      if (frames.length === 0) continue;
      const at = Math.round(((unit.pts + this.#offset) * rate) / 90_000);
      let start = end !== null && Math.abs(at - end) <= AAC_FRAME_SAMPLES / 2 ? end : at;
      if (base === null) base = start;
      else if (end !== null) {
        const last = samples.at(-1);
        if (start > end && last !== undefined) last.duration += start - end;
        start = Math.max(start, end);
      }
      for (const frame of frames) {
        data.push(unit.payload!.subarray(frame.dataStart, frame.dataStart + frame.dataLength));
        samples.push({
          duration: AAC_FRAME_SAMPLES,
          size: frame.dataLength,
          flags: SampleFlags.Sync,
          compositionOffset: 0,
        });
      }
      end = start + frames.length * AAC_FRAME_SAMPLES;
    }
    this.#audioEnd = end;
    return { trackId: track.id, baseMediaDecodeTime: Math.max(0, base ?? end ?? 0), samples, data };
  }
}

function audioOf(tracks: readonly Track[] | null): AudioTrack | null {
  return tracks?.find((t): t is AudioTrack => t.kind === 'audio') ?? null;
}

function sameTracks(a: readonly Track[], b: readonly Track[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i]!;
      if (t.kind === 'video' && u.kind === 'video') return sameParameterSets(t.sets, u.sets);
      if (t.kind === 'audio' && u.kind === 'audio') return sameAdtsConfig(t.config, u.config);
      return false;
    })
  );
}
