/**
 * Synthetic demuxer events for packager tests: fake 188-byte packets (a PID and a counter in the
 * header, a marker in the payload) and hand-made access units, as the TsDemuxer would emit them.
 */
import type { DemuxEvent, ProgramInfo } from '../../../../streamer/mpegts/types.js';
import { Packager } from '../../../../streamer/packager/packager.js';
import type { PackagerOptions } from '../../../../streamer/packager/packager-options.js';

export const VIDEO_PID = 0x100;
export const AUDIO_PID = 0x101;
export const PMT_PID = 0x1000;
/** The stream's first PTS; capture = pts / 90 (ms) + CAPTURE_EPOCH. */
export const PTS0 = 900_000;
export const CAPTURE_EPOCH = 1_700_000_000_000;

export function packet(pid: number, cc: number, marker = 0): Uint8Array {
  const p = new Uint8Array(188);
  p[0] = 0x47;
  p[1] = (pid >> 8) & 0x1f;
  p[2] = pid & 0xff;
  p[3] = 0x10 | (cc & 0x0f);
  p[4] = marker & 0xff;
  p[5] = (marker >> 8) & 0xff;
  p[6] = (marker >> 16) & 0xff;
  return p;
}

export function program(): ProgramInfo {
  const psi = new Uint8Array(376);
  psi.set(packet(0, 7, 0xaaaa), 0);
  psi.set(packet(PMT_PID, 9, 0xbbbb), 188);
  return {
    programNumber: 1,
    pmtPid: PMT_PID,
    pcrPid: VIDEO_PID,
    streams: [
      { pid: VIDEO_PID, streamType: 0x1b, codec: 'h264' },
      { pid: AUDIO_PID, streamType: 0x0f, codec: 'aac' },
    ],
    psi,
  };
}

export interface SyntheticOptions {
  fps?: number;
  /** Keyframe every `gop` frames (0-based frame index % gop === 0). */
  gop?: number;
  packetsPerFrame?: number;
  /** An audio packet + unit before every video frame. */
  audio?: boolean;
  /** Frame index offset (continues a stream). */
  startFrame?: number;
  /** Repeat the stream's own PAT/PMT packets every n frames. */
  psiEvery?: number;
}

/** One video frame's worth of events (the frame's packets, then its access-unit event). */
export interface SyntheticFrame {
  index: number;
  pts: number;
  keyframe: boolean;
  /** Capture time of this frame (epoch ms). */
  capture: number;
  events: DemuxEvent[];
}

const counters = new Map<number, number>();
const nextCc = (pid: number): number => {
  const cc = counters.get(pid) ?? 0;
  counters.set(pid, (cc + 1) & 0x0f);
  return cc;
};

export function frames(count: number, options: SyntheticOptions = {}): SyntheticFrame[] {
  const fps = options.fps ?? 30;
  const gop = options.gop ?? fps;
  const per = options.packetsPerFrame ?? 2;
  const start = options.startFrame ?? 0;
  const out: SyntheticFrame[] = [];
  for (let i = start; i < start + count; i++) {
    const pts = PTS0 + Math.round((i * 90_000) / fps);
    const keyframe = i % gop === 0;
    const events: DemuxEvent[] = [];
    if (options.psiEvery !== undefined && i % options.psiEvery === 0) {
      const psi = new Uint8Array(376);
      psi.set(packet(0, nextCc(0), 0xaaaa), 0);
      psi.set(packet(PMT_PID, nextCc(PMT_PID), 0xbbbb), 188);
      events.push({ type: 'packets', data: psi });
    }
    if (options.audio === true) {
      events.push({ type: 'packets', data: packet(AUDIO_PID, nextCc(AUDIO_PID), i) });
      events.push({
        type: 'access-unit',
        unit: {
          pid: AUDIO_PID,
          codec: 'aac',
          pts,
          dts: pts,
          keyframe: true,
          byteLength: 180,
          arrival: 0,
          endedBy: 'length',
        },
      });
    }
    const data = new Uint8Array(188 * per);
    for (let k = 0; k < per; k++) data.set(packet(VIDEO_PID, nextCc(VIDEO_PID), i), 188 * k);
    events.push({ type: 'packets', data });
    const arrival = CAPTURE_EPOCH + pts / 90 + 2;
    events.push({
      type: 'access-unit',
      unit: {
        pid: VIDEO_PID,
        codec: 'h264',
        pts,
        dts: pts,
        keyframe,
        byteLength: 180 * per,
        arrival,
        endedBy: 'length',
      },
    });
    out.push({ index: i, pts, keyframe, capture: CAPTURE_EPOCH + pts / 90, events });
  }
  return out;
}

export const captureTime = (pts: number): number => CAPTURE_EPOCH + pts / 90;

export function makePackager(overrides: Partial<PackagerOptions> = {}): Packager {
  return new Packager({
    segmentTarget: 1,
    partTarget: 0.1,
    frameRate: 30,
    windowSegments: 10,
    captureTime,
    ...overrides,
  });
}

/** Feeds frames one push per frame, `now` = capture + 5 ms; the program first. */
export function feed(packager: Packager, list: SyntheticFrame[], withProgram = true): void {
  if (withProgram)
    packager.push([{ type: 'program', program: program() }], list[0]?.capture ?? CAPTURE_EPOCH);
  for (const frame of list) packager.push(frame.events, frame.capture + 5);
}

/** PIDs and continuity counters of the packets in a byte string. */
export function packets(bytes: Uint8Array): { pid: number; cc: number; marker: number }[] {
  const out = [];
  for (let o = 0; o + 188 <= bytes.length; o += 188) {
    out.push({
      pid: ((bytes[o + 1]! & 0x1f) << 8) | bytes[o + 2]!,
      cc: bytes[o + 3]! & 0x0f,
      marker: bytes[o + 4]! | (bytes[o + 5]! << 8) | (bytes[o + 6]! << 16),
    });
  }
  return out;
}
