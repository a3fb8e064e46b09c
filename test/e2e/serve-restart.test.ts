import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { codeOf, frameCodesOf } from '../helpers/frame-codes.js';
import { playlistBreaches } from '../helpers/playlist-rules.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

// FFmpeg misbehaving under a live origin: stalled (SIGSTOP, as a starved CPU or a suspended VM
// would) → held requests answer 503 after three target durations, and once it runs again the test
// source is restarted so capture times stay true; killed (SIGKILL) → restarted with backoff,
// EXT-X-DISCONTINUITY, and the stream goes on.
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
/** Blocks (one segment at a time: a request further ahead is a 400) until segment `msn` is open. */
const awaitMsn = async (msn: number) => {
  let manifest = await manifestOf();
  for (let guard = 0; nextMsn(manifest) < msn && guard < 20; guard++) {
    manifest = await manifestOf(`?_HLS_msn=${nextMsn(manifest) + 1}&_HLS_part=0`);
  }
  return manifest;
};
const timestamps = async () =>
  (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;

test('SIGSTOP: a blocking request the stream cannot satisfy in 3 target durations answers 503; after SIGCONT the source catches up with real time', async () => {
  const pid = serve.streamer.ffmpeg?.pid;
  assert.ok(pid !== undefined);
  const manifest = await manifestOf();
  const caughtUp = new Promise<{ behindMs: number }>((resolve) => serve.streamer.on('caught-up', resolve));
  process.kill(pid, 'SIGSTOP');
  let resumedAt: number;
  try {
    const started = performance.now();
    const response = await fetch(`${serve.url}?_HLS_msn=${nextMsn(manifest) + 1}&_HLS_part=0`);
    const held = performance.now() - started;
    await response.arrayBuffer();
    assert.equal(response.status, 503);
    assert.ok(held >= 2900 && held < 4500, `held ${held.toFixed(0)} ms (3 x TARGETDURATION = 3 s)`);
  } finally {
    process.kill(pid, 'SIGCONT');
    resumedAt = Date.now();
  }
  // Paused ~3 s, longer than FFmpeg's realtime filter makes up (2 s): before llhls restarted it,
  // every later frame kept a capture time 3 s old (publish - capture stayed at 3 s).
  const { behindMs } = await caughtUp;
  assert.ok(behindMs >= 2500, `${behindMs} ms behind`);
  const status = serve.streamer.status();
  assert.equal(status.catchUps.count, 1);
  assert.equal(status.media.state, 'ok');
  // Wait for two segments of the new timeline.
  const after = await awaitMsn(nextMsn(manifest) + 3);
  assert.ok(
    after.segments.some((s) => s.discontinuity === true),
    'EXT-X-DISCONTINUITY after the catch-up',
  );
  assert.deepEqual(playlistBreaches(await (await fetch(serve.url)).text()), []);
  const doc = await timestamps();
  const restartedAt = doc.segments.findIndex((s) => s.discontinuity);
  const fresh = doc.segments.slice(restartedAt).flatMap((s) => s.parts);
  assert.ok(fresh.length > 5);
  for (const part of fresh) {
    assert.ok(part.capture >= resumedAt - 100, `${part.uri}: capture before the source resumed`);
    assert.ok(
      part.publish - part.capture < 1000,
      `${part.uri}: publish - capture ${part.publish - part.capture} ms`,
    );
  }
  // PROGRAM-DATE-TIME of the new timeline is the capture time drawn in its first frame's pixels.
  const layout = doc.stream.frameCode!;
  const segment = doc.segments.slice(restartedAt).find((s) => s.complete)!;
  const codes = await frameCodesOf(
    new Uint8Array(await (await fetch(new URL(segment.uri, serve.url))).arrayBuffer()),
    layout,
  );
  assert.equal(codes[0], codeOf(segment.programDateTime, layout));
});

test('FFmpeg killed mid-stream: restarted, EXT-X-DISCONTINUITY, and the stream goes on', async () => {
  const ffmpeg = serve.streamer.ffmpeg!;
  const restartsBefore = ffmpeg.restarts;
  const discontinuitiesBefore = serve.streamer.packager.stats.discontinuities;
  const before = await manifestOf();
  const restarted = new Promise<void>((resolve) => serve.streamer.on('restart', () => resolve()));
  process.kill(ffmpeg.pid!, 'SIGKILL');
  await restarted;
  assert.equal(ffmpeg.restarts, restartsBefore + 1);
  // Block until two more segments exist after the restart.
  const target = nextMsn(before) + 2;
  const after = await awaitMsn(target);
  const flagged = after.segments.filter((s) => s.discontinuity === true);
  assert.ok(flagged.length >= 1, 'an EXT-X-DISCONTINUITY');
  const text = await (await fetch(serve.url)).text();
  assert.match(text, /#EXT-X-DISCONTINUITY\n/);
  assert.deepEqual(playlistBreaches(text), []);
  assert.ok(
    nextMsn(after) >= target && (after.preloadSegment?.parts?.length ?? 0) > 0,
    'new segments after the restart',
  );
  const doc = await timestamps();
  const restartedSegment = doc.segments.filter((s) => s.discontinuity).at(-1);
  assert.ok(restartedSegment !== undefined);
  assert.equal(restartedSegment.parts[0]?.independent, true, 'the new timeline starts on a keyframe');
  assert.equal(serve.streamer.packager.stats.discontinuities, discontinuitiesBefore + 1);
  assert.equal(serve.streamer.status().catchUps.count, 1, 'a crash is no catch-up');
});
