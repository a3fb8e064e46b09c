import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeFrameCode } from '../../../../src/browser/frame-code.js';
import { wallclockCapture } from '../../../../streamer/capture/capture-clock.js';
import { buildFfmpegArgs } from '../../../../streamer/capture/ffmpeg-args.js';
import { resolveFfmpeg } from '../../../../streamer/capture/ffmpeg-binary.js';
import { frameCodeFor, frameCodeLayout } from '../../../../streamer/capture/frame-code.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';

const dir = mkdtempSync(join(tmpdir(), 'llhls-framecode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real test-source FFmpeg command until it has written `frames` frames (a loaded
 *  machine can take seconds to start it: a fixed wait saw none), at most 20 s, and returns its
 *  MPEG-TS output. */
async function captureTestSource(
  ffmpeg: string,
  frames: number,
): Promise<{ bytes: Buffer; arrival: number }> {
  const layout = frameCodeLayout(640, 360);
  const args = buildFfmpegArgs({
    input: { kind: 'test' },
    width: 640,
    height: 360,
    frameRate: 30,
    bitrateKbps: 800,
    segmentDuration: 1,
    audio: false,
    fontFile: null,
    frameCode: layout,
  });
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  const counter = new TsDemuxer();
  let seen = 0;
  let enough: () => void = () => undefined;
  const written = new Promise<void>((resolve) => {
    enough = resolve;
  });
  child.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    seen += counter.push(c, Date.now()).filter((e) => e.type === 'access-unit').length;
    if (seen >= frames) enough();
  });
  const timer = setTimeout(enough, 20_000);
  await written;
  clearTimeout(timer);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return { bytes: Buffer.concat(chunks), arrival: Date.now() };
}

test('the frame code decodes back from FFmpeg-decoded frames to each frame’s capture time (its PTS)', async () => {
  const { ffmpeg } = await resolveFfmpeg();
  const { bytes, arrival } = await captureTestSource(ffmpeg, 45);
  const layout = frameCodeLayout(640, 360)!;

  // Capture time of every frame, as the packager computes it from the TS.
  const demuxer = new TsDemuxer();
  const pts = [...demuxer.push(bytes, arrival), ...demuxer.flush(arrival)].flatMap((e) =>
    e.type === 'access-unit' && e.unit.codec === 'h264' ? [e.unit.pts] : [],
  );
  const captures = pts.map((p) => wallclockCapture(p, arrival));
  // A regular grid: exactly 3000 ticks of 90 kHz per frame at 30 fps.
  assert.deepEqual(new Set(pts.slice(1).map((p, i) => p - pts[i]!)), new Set([3000]));
  assert.ok(captures.length >= 20, `${captures.length} frames`);
  // PTS is the wall clock: the frames were made within the last few seconds, 1/30 s apart.
  assert.ok(Math.abs(arrival - captures.at(-1)!) < 3000, `last capture ${arrival - captures.at(-1)!} ms ago`);
  assert.ok(Math.abs(captures[1]! - captures[0]! - 1000 / 30) < 0.02);

  // Decode the strip region of every frame to 8-bit gray.
  const file = join(dir, 'test-source.ts');
  writeFileSync(file, bytes);
  const b = layout.blockSize;
  const width = (layout.bits + 2) * b;
  const decoded = spawnSync(
    ffmpeg,
    ['-v', 'error', '-i', file, '-vf', `crop=${width}:${b}:0:0,format=gray`, '-f', 'rawvideo', 'pipe:1'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(decoded.status, 0, decoded.stderr.toString());
  const frameBytes = width * b;
  const frames = Math.floor(decoded.stdout.length / frameBytes);
  assert.ok(frames >= captures.length - 1, `${frames} decoded frames for ${captures.length} access units`);

  let exact = 0;
  for (let f = 0; f < Math.min(frames, captures.length); f++) {
    const frame = decoded.stdout.subarray(f * frameBytes, (f + 1) * frameBytes);
    // Mean of the centre half of each block, as the browser reader does.
    const means = Array.from({ length: layout.bits + 2 }, (_, k) => {
      let sum = 0;
      let n = 0;
      for (let y = b / 4; y < (3 * b) / 4; y++) {
        for (let x = k * b + b / 4; x < k * b + (3 * b) / 4; x++) {
          sum += frame[y * width + x]!;
          n++;
        }
      }
      return sum / n;
    });
    const result = decodeFrameCode(means, layout);
    assert.ok(result.ok, `frame ${f}: ${JSON.stringify(result)}`);
    const expected = frameCodeFor(captures[f]!);
    assert.ok(
      Math.abs(result.code - expected) <= 1,
      `frame ${f}: code ${result.code}, capture code ${expected}, means ${means.map(Math.round).join(' ')}`,
    );
    if (result.code === expected) exact++;
  }
  // The source draws exactly what the packager computes; ±1 is tolerated only for rounding ties.
  assert.ok(exact >= frames - 1, `${exact} of ${frames} exact`);
});
