/**
 * Part availability on a foreign FFmpeg feed: how long after its last frame is made a 100 ms part
 * is complete at the origin, when the feed carries no PES lengths (FFmpeg's default,
 * -omit_video_pes_length 1, as every FFmpeg someone else runs). Before and after in one run: the
 * same FFmpeg output is fed, chunk by chunk as it is read, to two demuxer + packager pipelines in
 * this process: `stuffing` ends a frame at the padded last TS packet of its PES (llhls now),
 * `next-unit` only when the next frame begins (llhls before issue 13), and `stuffing-fmp4` as
 * `stuffing` but writing CMAF parts (`llhls serve --container fmp4`: the demuxer copies out each
 * access unit, the fMP4 writer muxes a moof + mdat when the part completes), so the container's
 * cost on availability is read against MPEG-TS on the same frames.
 *
 * The feed: llhls's own test source (its PTS is the wall clock at capture, -copyts, no mux delay,
 * flushed per packet) but with FFmpeg's default for PES lengths, so capture times are exact and
 * the only difference from `llhls serve --test-src` is what a foreign feed lacks.
 * Availability = publish - capture of the part's last frame (server clock, ms).
 *
 * Run alone on an idle machine: node --import tsx bench/part-availability.ts [--duration 60s]
 * Writes bench/results/part-availability.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/cli/duration.js';
import { nearestRank } from '../src/metrics/percentiles.js';
import { wallclockCapture } from '../streamer/capture/capture-clock.js';
import { buildFfmpegArgs } from '../streamer/capture/ffmpeg-args.js';
import { TsDemuxer } from '../streamer/mpegts/ts-demuxer.js';
import { Container, demuxPayloads } from '../streamer/packager/container.js';
import { Packager } from '../streamer/packager/packager.js';
import { serverClock } from '../streamer/streamer.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({ options: { duration: { type: 'string', default: '60s' } } });
const durationMs = parseDuration(values.duration, '--duration', { minMs: 3000 });

const FPS = 30;
const args = buildFfmpegArgs({
  input: { kind: 'test' },
  width: 1280,
  height: 720,
  frameRate: FPS,
  bitrateKbps: 2500,
  segmentDuration: 1,
  audio: false,
  fontFile: null,
  frameCode: null,
}).filter((arg, i, all) => arg !== '-omit_video_pes_length' && all[i - 1] !== '-omit_video_pes_length');

interface Pipeline {
  name: 'stuffing' | 'next-unit' | 'stuffing-fmp4';
  demuxer: TsDemuxer;
  packager: Packager;
  availability: number[];
}

const pipeline = (name: Pipeline['name']): Pipeline => {
  const container = name === 'stuffing-fmp4' ? Container.Fmp4 : Container.Ts;
  const packager = new Packager({
    container,
    segmentTarget: 1,
    partTarget: 0.1,
    frameRate: FPS,
    keyframeInterval: FPS,
    captureTime: wallclockCapture,
  });
  const p: Pipeline = {
    name,
    demuxer: new TsDemuxer({ stuffingEnds: name !== 'next-unit', payloads: demuxPayloads(container) }),
    packager,
    availability: [],
  };
  packager.window.on('part', ({ part }) =>
    p.availability.push(part.publish - Math.max(...part.frameCaptures)),
  );
  return p;
};
const pipelines = [pipeline('stuffing'), pipeline('next-unit'), pipeline('stuffing-fmp4')];

let turn = 0;
const ffmpeg = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
ffmpeg.stdout.on('data', (chunk: Buffer) => {
  // All see each chunk at the same instant, in turn (the order rotates, so none always goes last).
  const first = turn++ % pipelines.length;
  for (const p of [...pipelines.slice(first), ...pipelines.slice(0, first)]) {
    const now = serverClock();
    p.packager.push(p.demuxer.push(chunk, now), now);
  }
});
await new Promise((r) => setTimeout(r, durationMs));
ffmpeg.kill('SIGTERM');

const summary = (values: number[]) => {
  const warm = values.slice(10); // the first second: FFmpeg starting
  const sorted = [...warm].sort((a, b) => a - b);
  return {
    parts: sorted.length,
    p50: Number(nearestRank(sorted, 50).toFixed(1)),
    p95: Number(nearestRank(sorted, 95).toFixed(1)),
    max: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
  };
};
const stats = pipelines[0]!.demuxer.stats;
const result = {
  benchmark: 'part-availability',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  feed: '1280x720 30 fps libx264 2.5 Mbit/s, wall-clock PTS, no PES lengths (FFmpeg default)',
  durationMs,
  partMs: 100,
  framesEndedByStuffing: `${stats.stuffingEnds} of ${stats.pesWithoutLength}`,
  availabilityMs: {
    stuffing: summary(pipelines[0]!.availability),
    nextUnit: summary(pipelines[1]!.availability),
    stuffingFmp4: summary(pipelines[2]!.availability),
  },
  goal: 'p50 <= 15 ms with stuffing; fMP4 within a few ms of MPEG-TS',
};
mkdirSync(`${here}results`, { recursive: true });
writeFileSync(`${here}results/part-availability.json`, `${JSON.stringify(result, null, 2)}\n`);
const { stuffing, nextUnit, stuffingFmp4 } = result.availabilityMs;
console.log(
  `part availability after the last frame (${stuffing.parts} parts): stuffing p50 ${stuffing.p50} / p95 ${stuffing.p95} ms; next-unit p50 ${nextUnit.p50} / p95 ${nextUnit.p95} ms; stuffing, fMP4 p50 ${stuffingFmp4.p50} / p95 ${stuffingFmp4.p95} ms; ${result.framesEndedByStuffing} frames ended by padding`,
);
process.exit(0);
