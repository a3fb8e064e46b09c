/**
 * Packager throughput: a 60 s 1280x720 30 fps 2.5 Mbit/s MPEG-TS (made once with FFmpeg as
 * `llhls serve` encodes it, cached under bench/.cache/) demuxed and packaged into 0.1 s parts and
 * 1 s segments from memory, in 64 KiB chunks, as fast as possible, several rounds.
 * Prints MB/s, CPU ms per second of media and x real time (target: >= 1000x, < 1 ms CPU per media
 * second, on one core); writes bench/results/packager-throughput.json
 * (packager-throughput-fmp4.json for `--container fmp4`: the demuxer then copies out every access
 * unit and the fMP4 writer muxes moof + mdat per part, where MPEG-TS passes packets through).
 *
 * Run alone (CPU-bound figures):
 *   node --import tsx bench/packager-throughput.ts [rounds] [--container ts|fmp4]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TsDemuxer } from '../streamer/mpegts/ts-demuxer.js';
import { Container, demuxPayloads } from '../streamer/packager/container.js';
import { Packager } from '../streamer/packager/packager.js';
import { ffmpegTestArgs } from '../test/helpers/ffmpeg-command.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// Not `.ts`: the TypeScript compiler would try to read it as source.
const source = `${here}.cache/packager-720p30-60s.mpegts`;
const CHUNK = 64 * 1024;
const MEDIA_SECONDS = 60;

function makeSource(): void {
  mkdirSync(`${here}.cache`, { recursive: true });
  const args = ffmpegTestArgs({
    width: 1280,
    height: 720,
    overwrite: true,
    seconds: MEDIA_SECONDS,
    gop: 30,
    // biome-ignore format: an FFmpeg command line reads best one option per pair
    encoder: [
      '-bf', '0', '-keyint_min', '30', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
      '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '1250k',
      '-muxdelay', '0', '-muxpreload', '0', '-omit_video_pes_length', '0',
    ],
    output: ['-f', 'mpegts', source],
  });
  const result = spawnSync('ffmpeg', args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`ffmpeg failed (${result.status}) making ${source}`);
}

const { values, positionals } = parseArgs({
  options: { container: { type: 'string', default: Container.Ts } },
  allowPositionals: true,
});
const container = values.container as Container;
if (!Object.values(Container).includes(container))
  throw new Error(`--container expects ${Object.values(Container).join(' or ')}`);

/** One pass: every chunk through a fresh demuxer and packager; `now` advances with the media. */
function pass(bytes: Uint8Array): { parts: number; segments: number } {
  const demuxer = new TsDemuxer({ payloads: demuxPayloads(container) });
  const packager = new Packager({
    container,
    segmentTarget: 1,
    partTarget: 0.1,
    frameRate: 30,
    windowSegments: 10,
    captureTime: (pts) => pts / 90,
  });
  const chunks = Math.ceil(bytes.byteLength / CHUNK);
  const msPerChunk = (MEDIA_SECONDS * 1000) / chunks;
  for (let i = 0; i < chunks; i++) {
    const now = 1_700_000_000_000 + i * msPerChunk;
    packager.push(demuxer.push(bytes.subarray(i * CHUNK, (i + 1) * CHUNK), now), now);
  }
  const end = 1_700_000_000_000 + MEDIA_SECONDS * 1000;
  packager.push(demuxer.flush(end), end);
  packager.flush(end);
  return { parts: packager.stats.parts, segments: packager.stats.segments };
}

if (!existsSync(source)) makeSource();
const bytes = new Uint8Array(readFileSync(source));
const rounds = Number(positionals[0] ?? 20);
const check = pass(bytes); // warm-up, and the sanity figures
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let r = 0; r < rounds; r++) pass(bytes);
const wallMs = (performance.now() - wall0) / rounds;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000 / rounds;
const result = {
  benchmark: 'packager-throughput',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  container,
  input: {
    file: 'bench/.cache/packager-720p30-60s.mpegts',
    bytes: bytes.byteLength,
    mediaSeconds: MEDIA_SECONDS,
    chunkBytes: CHUNK,
  },
  output: check,
  rounds,
  wallMsPerPass: Number(wallMs.toFixed(2)),
  cpuMsPerPass: Number(cpuMs.toFixed(3)),
  megabytesPerSecond: Number((bytes.byteLength / 1e6 / (wallMs / 1000)).toFixed(1)),
  cpuMsPerMediaSecond: Number((cpuMs / MEDIA_SECONDS).toFixed(3)),
  timesRealTime: Math.round((MEDIA_SECONDS * 1000) / cpuMs),
  target: { timesRealTime: 1000, cpuMsPerMediaSecond: 1 },
};
mkdirSync(`${here}results`, { recursive: true });
const suffix = container === Container.Ts ? '' : `-${container}`;
writeFileSync(`${here}results/packager-throughput${suffix}.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `packager throughput (${container}): ${result.megabytesPerSecond} MB/s, ${result.cpuMsPerMediaSecond} CPU ms per media second, ${result.timesRealTime}x real time (${check.parts} parts, ${check.segments} segments per pass)`,
);
