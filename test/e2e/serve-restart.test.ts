import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

// FFmpeg misbehaving under a live origin: stalled (SIGSTOP) → held requests answer 503 after
// three target durations; killed (SIGKILL) → restarted with backoff, EXT-X-DISCONTINUITY, and
// the stream goes on.
let serve: TestServe;

before(async () => {
  serve = await startTestServe();
  await new Promise((r) => setTimeout(r, 1500));
});
after(async () => {
  await serve?.close();
});

const manifestOf = async (query = '') => {
  const parser = new Parser();
  parser.push(await (await fetch(`${serve.url}${query}`)).text());
  parser.end();
  return parser.manifest;
};
const nextMsn = (m: Awaited<ReturnType<typeof manifestOf>>): number =>
  (m.mediaSequence ?? 0) + m.segments.length;

test('a blocking request the stream cannot satisfy in 3 target durations answers 503', async () => {
  const pid = serve.streamer.ffmpeg?.pid;
  assert.ok(pid !== undefined);
  const manifest = await manifestOf();
  process.kill(pid, 'SIGSTOP');
  try {
    const started = performance.now();
    const response = await fetch(`${serve.url}?_HLS_msn=${nextMsn(manifest) + 1}&_HLS_part=0`);
    const held = performance.now() - started;
    await response.arrayBuffer();
    assert.equal(response.status, 503);
    assert.ok(held >= 2900 && held < 4500, `held ${held.toFixed(0)} ms (3 x TARGETDURATION = 3 s)`);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
});

test('FFmpeg killed mid-stream: restarted, EXT-X-DISCONTINUITY, and the stream goes on', async () => {
  const ffmpeg = serve.streamer.ffmpeg!;
  const before = await manifestOf();
  const restarted = new Promise<void>((resolve) => serve.streamer.on('restart', () => resolve()));
  process.kill(ffmpeg.pid!, 'SIGKILL');
  await restarted;
  assert.equal(ffmpeg.restarts, 1);
  // Block until two more segments exist after the restart.
  const target = nextMsn(before) + 2;
  const after = await manifestOf(`?_HLS_msn=${target}&_HLS_part=0`);
  const flagged = after.segments.filter((s) => s.discontinuity === true);
  assert.equal(flagged.length, 1, 'one EXT-X-DISCONTINUITY');
  const text = await (await fetch(serve.url)).text();
  assert.match(text, /#EXT-X-DISCONTINUITY\n/);
  assert.ok(
    nextMsn(after) >= target && (after.preloadSegment?.parts?.length ?? 0) > 0,
    'new segments after the restart',
  );
  const doc = (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
  const restartedSegment = doc.segments.find((s) => s.discontinuity);
  assert.ok(restartedSegment !== undefined);
  assert.equal(restartedSegment.parts[0]?.independent, true, 'the new timeline starts on a keyframe');
  assert.equal(serve.streamer.packager.stats.discontinuities, 1);
});
