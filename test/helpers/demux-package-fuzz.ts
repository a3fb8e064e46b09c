/**
 * The demuxer + packager fuzz, shared by the suite (a bounded run) and bench/demux-package-fuzz.ts
 * (10^6 inputs). Each input is random bytes, or a slice of a real capture truncated, bit-flipped,
 * with packets dropped, duplicated or spliced from another capture; it is fed in random chunks
 * through a TsDemuxer and a Packager with random options (MPEG-TS or fMP4 parts), twice with
 * different chunkings. Checked: nothing throws; the final playlist keeps RFC 8216bis's hard rules;
 * fMP4 parts are one moof + mdat and every init segment the playlist names is ftyp + moov; the parts
 * (bytes, durations, places, keyframes) do not depend on the chunking (determinism); no input
 * takes long.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { concatBytes } from '../../src/bytes.js';
import { readBoxes } from '../../streamer/fmp4/box-reader.js';
import { TsDemuxer } from '../../streamer/mpegts/ts-demuxer.js';
import { Container, demuxPayloads } from '../../streamer/packager/container.js';
import { Packager } from '../../streamer/packager/packager.js';
import { renderPlaylist } from '../../streamer/packager/playlist.js';
import { seeded } from '../unit/streamer/mpegts/helpers.js';
import { playlistBreaches } from './playlist-rules.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/mpegts/', import.meta.url));

/** The real captures inputs are cut from. */
export function loadCaptures(): Uint8Array[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.mpegts'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(FIXTURES + f)));
}

/** A fuzz input from its seed. */
export function fuzzInput(seed: number, captures: readonly Uint8Array[]): Uint8Array {
  const random = seeded(seed);
  const int = (n: number) => Math.floor(random() * n);
  if (random() < 0.15) {
    const bytes = new Uint8Array(int(6000));
    for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.05 ? 0x47 : int(256);
    return bytes;
  }
  const source = captures[int(captures.length)]!;
  const start = random() < 0.5 ? 0 : int(source.length);
  let bytes: Uint8Array = source.slice(start, start + 1 + int(60_000));
  const packets = Math.floor(bytes.length / 188);
  const edits = int(6);
  for (let e = 0; e < edits && packets > 2; e++) {
    const kind = int(5);
    const at = int(packets) * 188;
    if (kind === 0) {
      for (let flips = 1 + int(30); flips > 0; flips--) bytes[int(bytes.length)] = int(256);
    } else if (kind === 1) {
      bytes = concatBytes([
        bytes.subarray(0, at),
        bytes.subarray(Math.min(bytes.length, at + 188 * (1 + int(5)))),
      ]);
    } else if (kind === 2) {
      bytes = concatBytes([
        bytes.subarray(0, at + 188),
        bytes.subarray(at, at + 188),
        bytes.subarray(at + 188),
      ]);
    } else if (kind === 3) {
      const other = captures[int(captures.length)]!;
      const from = int(Math.max(1, other.length - 20_000));
      bytes = concatBytes([
        bytes.subarray(0, at),
        other.subarray(from, from + int(20_000)),
        bytes.subarray(at),
      ]);
    } else {
      bytes = concatBytes([
        bytes.subarray(0, at),
        new Uint8Array(1 + int(300)).map(() => int(256)),
        bytes.subarray(at),
      ]);
    }
  }
  return bytes;
}

export interface FuzzOutcome {
  /** Digest of the parts (bytes, durations, places, keyframes): the same for any chunking. */
  digest: string;
  parts: number;
  breaches: string[];
  container: Container;
}

/** Feeds `bytes` in chunks of random sizes (from `chunkSeed`) through a demuxer and packager. */
export function runFuzzInput(bytes: Uint8Array, optionSeed: number, chunkSeed: number): FuzzOutcome {
  const pick = seeded(optionSeed);
  const parts = pick() < 0.8;
  const stuffingEnds = pick() < 0.8;
  const options = {
    segmentTarget: [1, 0.5, 2][Math.floor(pick() * 3)]!,
    partTarget: [0.1, 0.2, 0.04][Math.floor(pick() * 3)]!,
    parts,
    windowSegments: 3 + Math.floor(pick() * 5),
    ...(pick() < 0.5 ? { frameRate: [25, 30, 60][Math.floor(pick() * 3)]! } : {}),
    ...(pick() < 0.2 ? { keyframeInterval: 30 } : {}),
    captureTime: (pts: number) => 1_700_000_000_000 + pts / 90,
  };
  // Drawn last: the options above are those of the seeds before fMP4 was fuzzed.
  const container = pick() < 0.35 ? Container.Fmp4 : Container.Ts;
  const demuxer = new TsDemuxer({ stuffingEnds, payloads: demuxPayloads(container) });
  const packager = new Packager({ ...options, container });
  const hash = createHash('sha1');
  const breaches: string[] = [];
  let count = 0;
  packager.window.on('part', ({ part }) => {
    count++;
    hash.update(`${part.msn}/${part.index}/${part.duration}/${part.firstPts}/${part.independent};`);
    hash.update(part.bytes);
    if (container === Container.Fmp4) {
      const boxes =
        readBoxes(part.bytes)
          ?.map((b) => b.type)
          .join('+') ?? 'not boxes';
      if (boxes !== 'moof+mdat') breaches.push(`part ${part.number} is ${boxes}, not moof+mdat`);
    }
  });
  const chunks = seeded(chunkSeed);
  let now = 1_700_000_000_000;
  for (let at = 0; at < bytes.length; ) {
    const size = chunks() < 0.1 ? 1 + Math.floor(chunks() * 20_000) : 1 + Math.floor(chunks() * 600);
    now += 1;
    packager.push(demuxer.push(bytes.subarray(at, at + size), now), now);
    at += size;
  }
  packager.push(demuxer.flush(now), now);
  packager.flush(now);
  const text = renderPlaylist(packager.window);
  if (text !== null) breaches.push(...playlistBreaches(text));
  for (const map of new Set(packager.window.segments.map((s) => s.map))) {
    if (map === null) continue;
    const init = packager.window.resolve(map, now);
    const boxes =
      init?.kind === 'init'
        ? (readBoxes(init.bytes)
            ?.map((b) => b.type)
            .join('+') ?? 'not boxes')
        : 'missing';
    if (boxes !== 'ftyp+moov') breaches.push(`init segment ${map} is ${boxes}, not ftyp+moov`);
  }
  return { digest: hash.digest('hex'), parts: count, breaches, container };
}

/** One fuzz case: the input run with two chunkings. Throws (with the seed) on a finding. */
export function fuzzCase(
  seed: number,
  captures: readonly Uint8Array[],
): { parts: number; ms: number; container: Container } {
  const bytes = fuzzInput(seed, captures);
  const started = performance.now();
  const a = runFuzzInput(bytes, seed, seed * 7 + 1);
  const b = runFuzzInput(bytes, seed, seed * 13 + 5);
  const ms = performance.now() - started;
  if (a.breaches.length > 0)
    throw new Error(`seed ${seed}: playlist breaks the rules: ${a.breaches.join('; ')}`);
  if (a.digest !== b.digest || a.parts !== b.parts)
    throw new Error(`seed ${seed}: parts depend on the chunking (${a.parts} vs ${b.parts} parts)`);
  return { parts: a.parts, ms, container: a.container };
}
