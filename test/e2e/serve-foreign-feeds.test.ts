import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { TimestampsDocument, TimestampsSegment } from '../../src/hls/timestamps.js';
import { startStreamer } from '../../streamer/streamer.js';
import { ffmpegTestArgs } from '../helpers/ffmpeg-command.js';
import { FeedPool, feedLayout } from '../helpers/foreign-feed.js';
import { codeOf, frameCodesOf } from '../helpers/frame-codes.js';
import { playlistBreaches } from '../helpers/playlist-rules.js';
import { runAsync } from '../helpers/run-async.js';
import { startTestServe, TEST_SERVE_DEFAULTS, type TestServe } from '../helpers/serve.js';

// `ffmpeg ... -f mpegts - | llhls serve --input -` with feeds made the way other people make them
// (FFmpeg's MPEG-TS defaults: mux delay, no PES lengths) and broken the way real pipes break. Every
// frame carries its true capture time in its pixels (the frame code), so PROGRAM-DATE-TIME can be
// checked against it.
const pool = new FeedPool();
after(() => pool.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timestampsOf = async (serve: TestServe) =>
  (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
const bytesOf = async (serve: TestServe, uri: string) =>
  new Uint8Array(await (await fetch(new URL(uri, serve.url))).arrayBuffer());

async function serveStream(stream: (NodeJS.ReadableStream & PassThrough) | import('node:stream').Readable) {
  const serve = await startTestServe({ source: { kind: 'stream', stream, label: 'stdin' } });
  pool.track(serve);
  return serve;
}

/** A finite FFmpeg feed (`args`) served until its input ends. */
async function serveToEnd(args: string[]) {
  const feed = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const serve = pool.track(
    await startStreamer({
      ...TEST_SERVE_DEFAULTS,
      source: { kind: 'stream', stream: feed.stdout!, label: 'stdin' },
    }),
  );
  if (serve.sourceEndedAt === null) await new Promise((resolve) => serve.on('source-end', resolve));
  return serve;
}

/** Frames FFmpeg decodes from a segment's bytes alone (its errors must be none). */
async function framesDecodedAlone(bytes: Uint8Array): Promise<number> {
  const decoded = await runAsync(
    'ffmpeg',
    ['-hide_banner', '-v', 'error', '-f', 'mpegts', '-i', 'pipe:0', '-f', 'framemd5', '-'],
    bytes,
  );
  assert.equal(decoded.stderr, '');
  return decoded.stdout
    .toString()
    .split('\n')
    .filter((l) => /^\d+,/.test(l)).length;
}

/** |PDT - the capture drawn in the segment's first frame|, ms, for each complete segment given. */
async function pdtErrors(serve: TestServe, segments: readonly TimestampsSegment[]): Promise<number[]> {
  const layout = feedLayout();
  const errors: number[] = [];
  for (const segment of segments.filter((s) => s.complete)) {
    const [code] = await frameCodesOf(await bytesOf(serve, segment.uri), layout);
    assert.ok(code !== null && code !== undefined, `${segment.uri}: frame code unreadable`);
    // Codes are capture ms mod 2^24: compare on that circle.
    const span = 2 ** layout.bits;
    const diff = (((codeOf(segment.programDateTime, layout) - code) % span) + span) % span;
    errors.push(diff > span / 2 ? diff - span : diff);
  }
  return errors;
}

describe('foreign feeds into llhls serve --input -', () => {
  it("a blocked pipe at start: the PTS jump is a discontinuity, later PDTs are the frames' capture times", async () => {
    // Nobody reads for 2.5 s: the pipe fills and the encoder blocks, then resumes with a jump.
    const feed = pool.spawn({ pts: 'wallclock' }, 2500);
    const serve = await serveStream(feed.stdout!);
    await sleep(3500);
    const stats = serve.streamer.packager.stats;
    assert.equal(stats.forwardJumps, 1, JSON.stringify(stats));
    const text = await (await fetch(serve.url)).text();
    assert.deepEqual(playlistBreaches(text), []);
    assert.match(text, /#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME/);
    const doc = await timestampsOf(serve);
    const jumpedAt = doc.segments.findIndex((s) => s.discontinuity);
    assert.ok(jumpedAt > 0);
    // After the jump, PDT is the capture time in the pixels (arrival-anchored: the frame's bytes
    // reach llhls a few ms after it is made); before, a 0.1 s part hid 2.5 s and PDT ran ~1 s off.
    const errors = await pdtErrors(serve, doc.segments.slice(jumpedAt));
    assert.ok(errors.length >= 1);
    for (const error of errors)
      assert.ok(error >= -5 && error < 250, `PDT - frame code: ${errors.join(', ')} ms`);
    // A foreign FFmpeg writes no PES lengths: frame ends come from the padded last packet.
    const demux = serve.streamer.status().demux;
    assert.ok(demux.stuffingEnds > 0.9 * demux.pesWithoutLength, JSON.stringify(demux));
    // Said once, not once per frame.
    assert.equal(serve.streamer.warnings.filter((w) => /no PES lengths/.test(w)).length, 1);
  });

  it('two encoders one after the other into one pipe: a discontinuity, no segment over TARGETDURATION', async () => {
    const pipe = new PassThrough();
    const firstEncoder = pool.spawn({ pts: 'zero', seconds: 2.5 });
    firstEncoder.stdout!.pipe(pipe, { end: false });
    let second: ChildProcess | undefined;
    firstEncoder.once('exit', () => {
      second = pool.spawn({ pts: 'zero' });
      second.stdout!.pipe(pipe, { end: false });
    });
    const serve = await serveStream(pipe);
    await sleep(6000);
    assert.ok(second !== undefined);
    assert.equal(serve.streamer.packager.stats.backwardJumps, 1);
    const text = await (await fetch(serve.url)).text();
    assert.deepEqual(playlistBreaches(text), []);
    const doc = await timestampsOf(serve);
    const restartedAt = doc.segments.findIndex((s) => s.discontinuity);
    assert.ok(restartedAt > 0, text);
    assert.equal(doc.segments[restartedAt]!.parts[0]!.independent, true);
    // A fresh FFmpeg's first frames reach the pipe in a burst ~0.7 s after they were made (it
    // catches up within its first second): arrival-anchored captures learn that from the frames
    // after, so the new timeline's first PDT is late by up to that much, the next ones are not.
    const [first, ...rest] = await pdtErrors(serve, doc.segments.slice(restartedAt));
    assert.ok(first !== undefined && first >= -5 && first < 1000, `first PDT - frame code: ${first} ms`);
    assert.ok(rest.length >= 1);
    for (const error of rest)
      assert.ok(error >= -5 && error < 250, `PDT - frame code: ${rest.join(', ')} ms`);
  });

  it('H.265 (libx265): packaged on IRAP keyframes, codec and CODECS from the SPS, segments decode alone, PDT from the frames', async () => {
    const feed = pool.spawn({ pts: 'zero', codec: 'libx265' });
    const serve = await serveStream(feed.stdout!);
    await sleep(3500);
    const doc = await timestampsOf(serve);
    assert.equal(doc.stream.codec, 'hevc');
    assert.match(doc.stream.codecs ?? '', /^hvc1\.1\.6\.L\d+(\.[0-9A-F]{1,2})*$/);
    assert.deepEqual([doc.stream.width, doc.stream.height], [640, 360]);
    assert.deepEqual(playlistBreaches(await (await fetch(serve.url)).text()), []);
    const segment = doc.segments.find((s) => s.complete)!;
    assert.ok(segment.parts[0]!.independent);
    const frames = await framesDecodedAlone(await bytesOf(serve, segment.uri));
    assert.equal(
      frames,
      segment.parts.reduce((n, p) => n + p.frameCaptures.length, 0),
    );
    // PROGRAM-DATE-TIME is the capture drawn in each segment's first frame, as with H.264. The first
    // segment's is anchored on its frames' arrival, late by the fresh encoder's start-up burst (see
    // the restart test; libx265 took up to 1.4 s here under load): the ones after it are not.
    const [, ...rest] = await pdtErrors(serve, doc.segments);
    assert.ok(rest.length >= 1);
    for (const error of rest)
      assert.ok(error >= -5 && error < 250, `PDT - frame code: ${rest.join(', ')} ms`);
  });

  it("H.265 with x265's open GOPs (CRAs whose leading pictures come after them): every segment starts on its keyframe", async () => {
    // Without -tune zerolatency x265 codes B-frames and open GOPs: a CRA's DTS is frames before
    // its place in the GOP, and the first GOP (after the IDR, which has no leading picture) is
    // short in decode order. The cut rule measures keyframes by PTS (cut-rule.ts); on DTS alone it
    // skipped the first CRA and cut the next two segments on no keyframe.
    const feed = pool.spawn({ pts: 'zero', codec: 'libx265', bFrames: true });
    const serve = await serveStream(feed.stdout!);
    await sleep(5000);
    const doc = await timestampsOf(serve);
    assert.equal(doc.stream.codec, 'hevc');
    const complete = doc.segments.filter((s) => s.complete);
    assert.ok(complete.length >= 3, `${complete.length} complete segments`);
    for (const segment of complete) {
      assert.ok(segment.parts[0]!.independent, `${segment.uri} starts on no keyframe`);
      assert.ok(segment.duration > 0.9 && segment.duration < 1.1, `${segment.uri}: ${segment.duration} s`);
    }
    assert.deepEqual(playlistBreaches(await (await fetch(serve.url)).text()), []);
    // The feed is what it claims: decoded alone, a segment after the first loses its leading
    // pictures (they reference the GOP before), and nothing else.
    let leading = 0;
    for (const segment of complete.slice(1)) {
      const frames = await framesDecodedAlone(await bytesOf(serve, segment.uri));
      const listed = segment.parts.reduce((n, p) => n + p.frameCaptures.length, 0);
      assert.ok(listed - frames >= 0 && listed - frames <= 3, `${segment.uri}: ${frames} of ${listed}`);
      leading += listed - frames;
    }
    assert.ok(leading > 0, 'no leading pictures: the feed has no open GOP');
  });

  it('PES lengths on, frames over 64 KiB (as our own encoder at high bitrates): no PES-length warning', async () => {
    // PES_packet_length is 16 bits: FFmpeg writes 0 for a larger PES even with
    // -omit_video_pes_length 0. That is no muxer leaving lengths out, and nothing the user can fix.
    const args = ffmpegTestArgs({
      width: 1280,
      height: 720,
      frames: 8,
      encoder: ['-qp', '0'],
      output: ['-omit_video_pes_length', '0', '-f', 'mpegts', 'pipe:1'],
    });
    const serve = await serveToEnd(args);
    const demux = serve.status().demux;
    assert.ok(demux.pesWithoutLength > 0, `frames over 64 KiB: ${JSON.stringify(demux)}`);
    assert.equal(demux.pesLengthLeftOut, 0, JSON.stringify(demux));
    assert.deepEqual(
      serve.warnings.filter((w) => /PES lengths/.test(w)),
      [],
    );
  });

  for (const openGop of [true, false]) {
    it(`H.264 with B-frames, ${openGop ? "x264's open GOP (keyframes that are no IDR): one warning that names the fix" : 'closed GOP: no open-GOP warning'}`, async () => {
      // hls.js stops with a media error on a stream whose segments start on non-IDR I-frames (FFmpeg's
      // own HLS muxer's output of the same feed too): serve says so and how to encode instead.
      const args = ffmpegTestArgs({
        frames: 90,
        tune: null,
        gop: 30,
        encoder: ['-bf', '3', '-x264-params', `open-gop=${openGop ? 1 : 0}:scenecut=0`],
      });
      const serve = await serveToEnd(args);
      const demux = serve.status().demux;
      const warned = serve.warnings.filter((w) => /no IDR/.test(w));
      if (openGop) {
        assert.equal(demux.nonIdrKeyframes, 2, JSON.stringify(demux));
        assert.equal(warned.length, 1);
        assert.match(warned[0]!, /open-gop=0/);
      } else {
        assert.equal(demux.nonIdrKeyframes, 0, JSON.stringify(demux));
        assert.deepEqual(warned, []);
      }
    });
  }
});
