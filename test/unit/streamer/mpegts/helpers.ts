import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32Mpeg2 } from '../../../../streamer/mpegts/psi.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { AccessUnit, DemuxEvent } from '../../../../streamer/mpegts/types.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/mpegts/', import.meta.url));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

/** ffprobe's truth for a fixture: per PID, [pts, dts, keyframe 0|1] per unit. */
export interface ProbeTruth {
  streams: { pid: number; codec: string; units: [number, number, number][] }[];
}

export function truth(name: string): ProbeTruth {
  return JSON.parse(readFileSync(FIXTURES + name.replace(/\.mpegts$/, '.json'), 'utf8')) as ProbeTruth;
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as T;
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable copy of the events: `packets` views are only valid until the next push. */
export type CopiedEvent = DemuxEvent;

function copy(event: DemuxEvent): DemuxEvent {
  return event.type === 'packets' ? { type: 'packets', data: event.data.slice() } : event;
}

/**
 * Pushes `bytes` in chunks of the given sizes (cycled; the chunk buffer is reused and scribbled
 * over after each push, to catch views kept past their lifetime), then flushes.
 */
export function demux(
  bytes: Uint8Array,
  sizes: readonly number[] = [bytes.length],
  demuxer = new TsDemuxer(),
) {
  const events: DemuxEvent[] = [];
  let at = 0;
  let k = 0;
  let arrival = 0;
  while (at < bytes.length) {
    const size = Math.min(sizes[k++ % sizes.length]!, bytes.length - at);
    const chunk = new Uint8Array(size);
    chunk.set(bytes.subarray(at, at + size));
    for (const event of demuxer.push(chunk, ++arrival)) events.push(copy(event));
    chunk.fill(0xa5);
    at += size;
  }
  for (const event of demuxer.flush(++arrival)) events.push(copy(event));
  return { events, demuxer, units: unitsOf(events), packets: packetsOf(events) };
}

export function unitsOf(events: readonly DemuxEvent[]): AccessUnit[] {
  const units: AccessUnit[] = [];
  for (const event of events) if (event.type === 'access-unit') units.push(event.unit);
  return units;
}

/** Every `packets` event concatenated. */
export function packetsOf(events: readonly DemuxEvent[]): Uint8Array {
  const parts = events.flatMap((e) => (e.type === 'packets' ? [e.data] : []));
  return new Uint8Array(Buffer.concat(parts));
}

export function byPid(units: readonly AccessUnit[], pid: number): AccessUnit[] {
  return units.filter((u) => u.pid === pid);
}

/** Random chunk sizes from 1 byte to 3 packets plus a few large ones. */
export function randomSizes(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () =>
    random() < 0.1 ? 1 + Math.floor(random() * 20000) : 1 + Math.floor(random() * 600),
  );
}

export interface PacketSpec {
  pid: number;
  cc: number;
  unitStart?: boolean;
  transportError?: boolean;
  /** Payload bytes; the rest of the packet is adaptation field stuffing. Omit: no payload. */
  payload?: Uint8Array;
  randomAccess?: boolean;
  discontinuity?: boolean;
}

/** Builds one 188-byte packet; stuffing goes in the adaptation field, as the standard asks. */
export function packet(spec: PacketSpec): Uint8Array {
  const out = new Uint8Array(188);
  const payload = spec.payload ?? new Uint8Array(0);
  const hasPayload = spec.payload !== undefined;
  const flags = (spec.randomAccess ? 0x40 : 0) | (spec.discontinuity ? 0x80 : 0);
  const needsAf = !hasPayload || payload.length < 184 || flags !== 0;
  out[0] = 0x47;
  out[1] = (spec.transportError ? 0x80 : 0) | (spec.unitStart ? 0x40 : 0) | ((spec.pid >> 8) & 0x1f);
  out[2] = spec.pid & 0xff;
  out[3] = (((needsAf ? 2 : 0) | (hasPayload ? 1 : 0)) << 4) | (spec.cc & 0x0f);
  let at = 4;
  if (needsAf) {
    const afLength = 183 - payload.length;
    if (afLength < 0 || (flags !== 0 && afLength < 1)) throw new Error('payload too long for the packet');
    out[4] = afLength;
    if (afLength > 0) {
      out[5] = flags;
      out.fill(0xff, 6, 5 + afLength);
    }
    at = 5 + afLength;
  }
  out.set(payload, at);
  return out;
}

/** A PES header with PTS (and DTS when given); `length` 0 means unbounded. */
export function pesHeader(streamId: number, pts: number, dts?: number, length = 0): Uint8Array {
  const withDts = dts !== undefined;
  const header = new Uint8Array(withDts ? 19 : 14);
  header.set([
    0,
    0,
    1,
    streamId,
    (length >> 8) & 0xff,
    length & 0xff,
    0x80,
    withDts ? 0xc0 : 0x80,
    withDts ? 10 : 5,
  ]);
  writeTimestamp(header, 9, withDts ? 3 : 2, pts);
  if (withDts) writeTimestamp(header, 14, 1, dts);
  return header;
}

function writeTimestamp(out: Uint8Array, at: number, prefix: number, value: number): void {
  const high = Math.floor(value / 2 ** 30);
  const low = value % 2 ** 30;
  out[at] = (prefix << 4) | (high << 1) | 1;
  out[at + 1] = (low >> 22) & 0xff;
  out[at + 2] = (((low >> 15) & 0x7f) << 1) | 1;
  out[at + 3] = (low >> 7) & 0xff;
  out[at + 4] = ((low & 0x7f) << 1) | 1;
}

/** A PAT (program 1 → PMT PID 0x1000) and a PMT with the given streams, as two packets. */
export function psiPackets(streams: { pid: number; streamType: number }[], pcrPid = 0x100): Uint8Array {
  const pat = section([0x00, 0xb0, 0, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xf0, 0x00]);
  const pmt = pmtSection(streams, pcrPid);
  return new Uint8Array([
    ...packet({ pid: 0, cc: 0, unitStart: true, payload: new Uint8Array([0, ...pat]) }),
    ...packet({ pid: 0x1000, cc: 0, unitStart: true, payload: new Uint8Array([0, ...pmt]) }),
  ]);
}

/** A PMT section for program 1 (any length: split it over packets yourself when long). */
export function pmtSection(streams: { pid: number; streamType: number }[], pcrPid = 0x100): Uint8Array {
  const es = streams.flatMap((s) => [s.streamType, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0, 0x00]);
  return section([
    0x02,
    0xb0,
    0,
    0x00,
    0x01,
    0xc1,
    0x00,
    0x00,
    0xe0 | (pcrPid >> 8),
    pcrPid & 0xff,
    0xf0,
    0x00,
    ...es,
  ]);
}

/** Fills in section_length and appends the CRC_32. */
function section(bytes: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length + 4);
  out.set(bytes);
  const length = bytes.length + 4 - 3;
  out[1] = (out[1]! & 0xf0) | (length >> 8);
  out[2] = length & 0xff;
  const crc = crc32Mpeg2(out, 0, bytes.length);
  out.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], bytes.length);
  return out;
}
