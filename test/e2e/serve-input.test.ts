import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

/** m3u8-parser reads EXT-X-PART-INF:PART-TARGET into `partTargetDuration` (not in our d.ts). */
const partTargetOf = (manifest: object): number | undefined =>
  (manifest as { partTargetDuration?: number }).partTargetDuration;

// `ffmpeg ... -f mpegts - | llhls serve --input -`: someone else encodes (here a plain FFmpeg
// with its own timestamps starting near 0), llhls only packages. Capture times are anchored to
// arrival and timestamps.json says so.
let serve: TestServe;
let encoder: ChildProcess;

before(async () => {
  // biome-ignore format: an FFmpeg command line reads best one option per pair
  encoder = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-bf', '0',
    '-f', 'mpegts', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
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
