/**
 * Demuxer throughput: a 60 s 1280x720 30 fps 2.5 Mbit/s MPEG-TS (made once with FFmpeg, cached
 * under bench/.cache/) demuxed from memory in 64 KiB chunks, several times.
 * Prints MB/s, CPU ms per second of media and x real time; writes
 * bench/results/demux-throughput.json.
 *
 * Run alone (the figures are CPU-bound): node --import tsx bench/demux-throughput.ts [rounds]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TsDemuxer } from '../streamer/mpegts/ts-demuxer.js';
import { ffmpegTestArgs } from '../test/helpers/ffmpeg-command.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// Not `.ts`: the TypeScript compiler would try to read it as source.
const source = `${here}.cache/demux-720p30-60s.mpegts`;
const CHUNK = 64 * 1024;

function makeSource(): void {
  mkdirSync(`${here}.cache`, { recursive: true });
  const args = ffmpegTestArgs({
    width: 1280,
    height: 720,
    overwrite: true,
    audio: true,
    seconds: 60,
    gop: 30,
    encoder: ['-pix_fmt', 'yuv420p', '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k'],
    // biome-ignore format: an FFmpeg command line reads best one option per pair
    output: ['-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0', '-omit_video_pes_length', '0', source],
  });
  const result = spawnSync('/usr/bin/ffmpeg', args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`ffmpeg failed making ${source}`);
}

interface Pass {
  units: number;
  mediaSeconds: number;
}

function demuxOnce(bytes: Uint8Array): Pass {
  const demuxer = new TsDemuxer();
  let units = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  const count = (events: ReturnType<TsDemuxer['push']>) => {
    for (const event of events) {
      if (event.type !== 'access-unit') continue;
      units++;
      if (event.unit.codec === 'h264') {
        if (Number.isNaN(first)) first = event.unit.dts;
        last = event.unit.dts;
      }
    }
  };
  for (let at = 0; at < bytes.length; at += CHUNK) count(demuxer.push(bytes.subarray(at, at + CHUNK), at));
  count(demuxer.flush(bytes.length));
  // One frame interval past the last frame's DTS (30 fps).
  return { units, mediaSeconds: (last - first) / 90000 + 1 / 30 };
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 30);
  if (!existsSync(source)) makeSource();
  const bytes = new Uint8Array(readFileSync(source));
  // Warm-up: let V8 optimise the hot loop before measuring.
  for (let i = 0; i < 3; i++) demuxOnce(bytes);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let pass: Pass = { units: 0, mediaSeconds: 0 };
  for (let i = 0; i < rounds; i++) pass = demuxOnce(bytes);
  const wallMs = (performance.now() - wallStart) / rounds;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / rounds;
  const result = {
    benchmark: 'demux-throughput',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    input: {
      file: 'bench/.cache/demux-720p30-60s.mpegts',
      bytes: bytes.length,
      mediaSeconds: Number(pass.mediaSeconds.toFixed(3)),
      accessUnits: pass.units,
      chunkBytes: CHUNK,
    },
    rounds,
    wallMsPerPass: Number(wallMs.toFixed(3)),
    cpuMsPerPass: Number(cpuMs.toFixed(3)),
    megabytesPerSecond: Number((bytes.length / 1e6 / (cpuMs / 1000)).toFixed(1)),
    cpuMsPerMediaSecond: Number((cpuMs / pass.mediaSeconds).toFixed(4)),
    timesRealTime: Math.round(pass.mediaSeconds / (cpuMs / 1000)),
  };
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(`${here}results/demux-throughput.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `demux: ${result.megabytesPerSecond} MB/s, ${result.cpuMsPerMediaSecond} CPU ms per media second, ` +
      `${result.timesRealTime}x real time (${(bytes.length / 1e6).toFixed(1)} MB, ${pass.units} units, ` +
      `${cpuMs.toFixed(2)} CPU ms per pass)`,
  );
}

main();
