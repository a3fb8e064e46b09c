import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { startStreamer } from '../../streamer/streamer.js';
import { ffmpegTestArgs } from '../helpers/ffmpeg-command.js';
import { runAsync } from '../helpers/run-async.js';
import { startTestServe, TEST_SERVE_DEFAULTS, type TestServe } from '../helpers/serve.js';

/** m3u8-parser reads EXT-X-PART-INF:PART-TARGET into `partTargetDuration` (not in our d.ts). */
const partTargetOf = (manifest: object): number | undefined =>
  (manifest as { partTargetDuration?: number }).partTargetDuration;

// `ffmpeg ... -f mpegts - | llhls serve --input -`: someone else encodes (here a plain FFmpeg
// with its own timestamps starting near 0), llhls only packages. Capture times are anchored to
// arrival and timestamps.json says so.
let serve: TestServe;
let encoder: ChildProcess;

before(async () => {
  encoder = spawn('ffmpeg', ffmpegTestArgs({ realtime: true, fps: 25, gop: 25, encoder: ['-bf', '0'] }), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  serve = await startTestServe({ source: { kind: 'stream', stream: encoder.stdout!, label: 'stdin' } });
  await new Promise((r) => setTimeout(r, 2500));
});
after(async () => {
  encoder?.kill('SIGKILL');
  await serve?.close();
});

test('--input - packages an external MPEG-TS stream into LL-HLS parts and segments', async () => {
  const parser = new Parser();
  parser.push(await (await fetch(serve.url)).text());
  parser.end();
  const { manifest } = parser;
  assert.ok(manifest.segments.length >= 1, `${manifest.segments.length} segments`);
  // The frame rate is learnt from the stream: at 25 fps a part holds round(2.5) = 3 frames, so
  // PART-TARGET is raised to their duration (a part must never exceed it).
  assert.equal(partTargetOf(manifest), 0.12);
  for (const part of manifest.segments.flatMap((s) => s.parts ?? [])) {
    assert.ok(part.duration <= partTargetOf(manifest)! + 1e-9);
  }
  const segment = await fetch(new URL(manifest.segments[0]!.uri, serve.url));
  assert.equal(segment.status, 200);
  assert.ok((await segment.arrayBuffer()).byteLength > 1000);

  const doc = (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
  assert.equal(doc.stream.source, 'input');
  assert.equal(doc.stream.captureSource, 'arrival-anchored');
  assert.equal(doc.stream.frameCode, null);
  const parts = doc.segments.flatMap((s) => s.parts);
  assert.ok(parts.length > 5);
  for (const part of parts) {
    // Anchored to arrival: a capture never after its part's publish, and close to it.
    const packaging = part.publish - part.capture;
    assert.ok(packaging >= 0 && packaging < 1000, `${part.uri}: publish - capture = ${packaging}`);
  }
});

// Input that gives nothing to serve: one clear line, /healthz says why, and with `--input -` an
// exit code once the input ends.
const cli = (input: Buffer, extra: string[] = []) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['bin/run.js', 'serve', '--input', '-', '--http-port', '0', '--status-interval', '0', ...extra],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stderr }));
    child.stdin!.end(input);
  });
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('llhls:'));

test('--input - with empty stdin exits 1 with one line', async () => {
  const { code, stderr } = await cli(Buffer.alloc(0));
  assert.equal(code, 1, stderr);
  assert.deepEqual(errorLines(stderr), [
    'llhls: the input ended after 0 bytes without anything to serve: nothing was read from the input',
  ]);
});

test('--input - with garbage exits 1 naming what is missing', async () => {
  const garbage = Buffer.alloc(200_000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + (i >> 3)) & 0xff;
  const { code, stderr } = await cli(garbage);
  assert.equal(code, 1, stderr);
  const lines = errorLines(stderr);
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, /after 200000 bytes without anything to serve: no MPEG-TS in 200 kB read/);
  // That line is the one that says why: no 'no media to serve yet' line repeating it before.
  assert.doesNotMatch(stderr, /no media to serve yet/);
});

test('--input - refuses a stream it cannot package (MPEG-2 video) with one line', async () => {
  const mpeg2 = await runAsync('ffmpeg', ffmpegTestArgs({ seconds: 1, codec: 'mpeg2video' }));
  const { code, stderr } = await cli(mpeg2.stdout);
  assert.equal(code, 1, stderr);
  const lines = errorLines(stderr);
  assert.equal(lines.length, 1, stderr);
  assert.match(
    lines[0]!,
    /input refused: MPEG-2 video \(stream_type 0x02\) on PID 256 cannot be packaged: llhls packages H\.264/,
  );
});

test('garbage that keeps coming: /healthz says no-media and why, serve says it once', async () => {
  const garbage = new PassThrough();
  const timer = setInterval(() => garbage.write(Buffer.alloc(10_000, 0x55)), 50);
  const serve = await startStreamer({
    ...TEST_SERVE_DEFAULTS,
    source: { kind: 'stream', stream: garbage, label: 'stdin' },
    noMediaAfterMs: 500,
  });
  const events: { state: string; reason: string | null }[] = [];
  serve.on('media', (health) => events.push(health));
  try {
    await new Promise((r) => setTimeout(r, 1500));
    // One event (serve's one log line) for the state: the reason's byte count changes with every
    // chunk read, and each change was a line of its own (~20 a second here).
    assert.deepEqual(
      events.map((e) => e.state),
      ['no-media'],
      events.map((e) => e.reason).join('\n'),
    );
    const response = await fetch(`${serve.origin}/healthz`);
    assert.equal(response.status, 503, 'a health check reads the code');
    const health = (await response.json()) as { status: string; reason: string };
    assert.equal(health.status, 'no-media');
    assert.match(health.reason, /^no MPEG-TS in \d+ kB read: no 0x47 sync byte every 188 bytes/);
    // /healthz reads the reason as it is now, not as it was when the state changed.
    assert.notEqual(health.reason, events[0]!.reason);
  } finally {
    clearInterval(timer);
    await serve.close();
  }
});
