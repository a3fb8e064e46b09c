import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { startStreamer } from '../../streamer/streamer.js';
import { ffmpegTestArgs } from '../helpers/ffmpeg-command.js';
import { FeedPool } from '../helpers/foreign-feed.js';
import { ffmpegDecode, ffprobePackets, join, readMp4 } from '../helpers/mp4-reader.js';
import { startTestServe, TEST_SERVE_DEFAULTS, type TestServe } from '../helpers/serve.js';

// `llhls serve --container fmp4`: CMAF parts from the test source (with audio), an external
// H.264 and H.265 feed on `--input -`, HTTP/2 over TLS, and the CLI fed by a pipe. Each part is
// read by FFmpeg and mp4box.js with the init segment before it, as a player would.

const get = async (url: string): Promise<Uint8Array> => {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return new Uint8Array(await response.arrayBuffer());
};
const text = async (url: string): Promise<string> => new TextDecoder().decode(await get(url));

/** Waits until the stream has `segments` complete segments. */
async function segmentsReady(
  serve: { packager: { window: { segments: { complete: boolean }[] } } },
  segments: number,
) {
  const deadline = Date.now() + 20_000;
  while (serve.packager.window.segments.filter((s) => s.complete).length < segments) {
    if (Date.now() > deadline) throw new Error(`fewer than ${segments} segments in 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('serve --container fmp4 --test-src --audio', () => {
  let serve: TestServe;
  before(async () => {
    serve = await startTestServe({ container: 'fmp4', audio: true });
    await segmentsReady(serve.streamer, 3);
  });
  after(() => serve?.close());

  test('every listed part is one moof+mdat FFmpeg reads with init0.mp4: its frames, tfdt continuous, INDEPENDENT iff sync first', async () => {
    const playlist = await text(serve.url);
    assert.match(playlist, /#EXT-X-MAP:URI="init0\.mp4"/);
    const init = await get(`${serve.origin}/init0.mp4`);
    const tracks = readMp4(init).tracks;
    assert.deepEqual(
      tracks.map((t) => [t.type, t.codec]),
      [
        ['video', 'avc1.42c01e'],
        ['audio', 'mp4a.40.2'],
      ],
    );
    // Every part the playlist lists, fetched at once (parts leave 6 target durations after their
    // segment ended), then read.
    const listed = [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="(part\d+\.m4s)"/g)].map((m) => m[1]!);
    assert.ok(listed.length >= 20, `${listed.length} parts listed`);
    const bytesOf = await Promise.all(listed.map((uri) => get(`${serve.origin}/${uri}`)));
    const doc = (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
    const byUri = new Map(doc.segments.flatMap((s) => s.parts).map((p) => [p.uri, p]));
    let end: number | null = null;
    const spans: Array<{ uri: string; from: number; to: number; frames: number }> = [];
    for (const [i, uri] of listed.entries()) {
      const part = byUri.get(uri)!;
      const [fragment] = readMp4(join(init, bytesOf[i]!)).fragments;
      const video = fragment!.runs.find((r) => r.trackId === 1)!;
      assert.equal(video.durations.length, part.frameCaptures.length, part.uri);
      assert.equal(video.flags[0] === 0x02000000, part.independent, part.uri);
      if (end !== null) assert.equal(video.baseMediaDecodeTime, end, `${part.uri}: tfdt continues`);
      end = video.baseMediaDecodeTime + video.durations.reduce((a, b) => a + b, 0);
      spans.push({ uri, from: video.baseMediaDecodeTime, to: end, frames: part.frameCaptures.length });
    }
    // FFmpeg reads the init segment followed by every part (one ffprobe, not one per part: each
    // costs ~1 s of a loaded CI machine): each part's frames are video packets whose decode times
    // fall in that part's tfdt span (ffprobe's time base for MP4 is the track's timescale).
    const video = (await ffprobePackets(join(init, ...bytesOf))).filter((p) => p.stream === 0);
    for (const span of spans) {
      const read = video.filter((p) => p.dts >= span.from && p.dts < span.to).length;
      assert.equal(read, span.frames, span.uri);
    }
    assert.equal(
      video.length,
      spans.reduce((n, s) => n + s.frames, 0),
    );
  });

  test('a segment is its parts, and decodes whole (video and audio) with FFmpeg', async () => {
    const init = await get(`${serve.origin}/init0.mp4`);
    // The newest complete segment: its parts are still downloadable.
    const segment = serve.streamer.packager.window.segments.filter((s) => s.complete).at(-1)!;
    const [bytes, ...parts] = await Promise.all([
      get(`${serve.origin}/${segment.uri}`),
      ...segment.parts.map((p) => get(`${serve.origin}/${p.uri}`)),
    ]);
    assert.deepEqual(bytes, join(...parts));
    const decoded = await ffmpegDecode(join(init, bytes));
    assert.equal(decoded.errors, '');
    assert.equal(
      decoded.videoFrames,
      segment.parts.reduce((n, p) => n + p.frameCaptures.length, 0),
    );
    assert.ok(decoded.audioFrames >= 40, `${decoded.audioFrames} AAC frames in ~1 s at 48 kHz`);
  });

  test('blocking reload and the preload hint work as with MPEG-TS: the hinted .m4s part is held, then sent whole', async () => {
    const playlist = await text(serve.url);
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(part\d+\.m4s)"/.exec(playlist)![1]!;
    const started = Date.now();
    const response = await fetch(`${serve.origin}/${hint}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'video/mp4');
    assert.match(response.headers.get('server-timing') ?? '', /hold;dur=[\d.]+/);
    assert.ok(Date.now() - started < 1000);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.subarray(4, 8)), 'moof');
    // The segment after the last one listed: held until its first part is out (within 1 s). (A
    // fixed offset from the media sequence is "too far ahead", 400, while the window still fills.)
    const listed = playlist.split('\n').filter((l) => l.startsWith('#EXTINF:')).length;
    const msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)![1]) + listed;
    const blocked = await text(`${serve.url}?_HLS_msn=${msn}&_HLS_part=0`);
    assert.match(blocked, /#EXT-X-MAP:URI="init0\.mp4"/);
  });

  test('/master.m3u8 names CODECS, RESOLUTION, FRAME-RATE, BANDWIDTH; timestamps.json keeps its schema and says fmp4', async () => {
    const master = await text(`${serve.origin}/master.m3u8`);
    assert.match(
      master,
      /^#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="avc1\.42c01e,mp4a\.40\.2",RESOLUTION=640x360,FRAME-RATE=30\.000\nplaylist\.m3u8\n$/,
    );
    const doc = (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/timestamps.schema.json', import.meta.url), 'utf8'),
    );
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.equal(doc.stream.container, 'fmp4');
    assert.match(doc.segments[0]!.uri, /^seg\d+\.m4s$/);
  });
});

describe('serve --container fmp4 --input -', () => {
  const pool = new FeedPool();
  after(() => pool.close());

  for (const codec of ['libx264', 'libx265'] as const) {
    test(`an external ${codec} feed: its init names the SPS's codec, every segment decodes, parts independent where a keyframe starts them`, async () => {
      const feed = pool.spawn({ codec, pts: 'wallclock', gop: 30 });
      const serve = pool.track(
        await startStreamer({
          ...TEST_SERVE_DEFAULTS,
          container: 'fmp4',
          source: { kind: 'stream', stream: feed.stdout!, label: 'stdin' },
          ...(codec === 'libx265' ? { tls: { kind: 'self-signed', hosts: [] } } : {}),
        }),
      );
      await segmentsReady(serve, 2);
      const window = serve.packager.window;
      const segment = window.segments.find((s) => s.complete)!;
      const init = (window.resolve(segment.map!, Date.now()) as { bytes: Uint8Array }).bytes;
      const [track] = readMp4(init).tracks;
      assert.equal(track?.codec, serve.stream.codecs);
      assert.match(track!.codec, codec === 'libx264' ? /^avc1\./ : /^hvc1\.1\.6\.L/);
      const decoded = await ffmpegDecode(join(init, window.segmentBytes(segment)));
      assert.equal(decoded.errors, '');
      assert.equal(
        decoded.videoFrames,
        segment.parts.reduce((n, p) => n + p.frameCaptures.length, 0),
      );
      const first = segment.parts[0]!;
      assert.ok(first.independent);
      const alone = await ffmpegDecode(join(init, first.bytes));
      assert.equal(alone.videoFrames, first.frameCaptures.length);
      if (codec === 'libx265') {
        // HTTP/2 over TLS serves the same bytes (Chromium cannot play H.265: FFmpeg is the check).
        const body = await h2Get(serve.origin, `/${segment.map}`);
        assert.deepEqual(body, init);
      }
    });
  }

  test('the CLI in a shell pipe: ffmpeg ... -f mpegts - | llhls serve --input - --container fmp4', async () => {
    const ffmpeg = ffmpegTestArgs({ fps: 25, realtime: true, gop: 25, output: ['-f', 'mpegts', '-'] });
    const script = `exec ffmpeg ${ffmpeg.join(' ')} | exec node bin/run.js serve --input - --container fmp4 --http-port 0 --json --status-interval 0`;
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      const ready = await new Promise<{ links: { playlist: string; multivariant: string } }>(
        (resolve, reject) => {
          let out = '';
          child.stdout!.setEncoding('utf8');
          child.stdout!.on('data', (chunk: string) => {
            out += chunk;
            const end = out.indexOf('\n}');
            if (end >= 0) resolve(JSON.parse(out.slice(0, end + 2)));
          });
          child.once('exit', () => reject(new Error('serve exited before it was ready')));
        },
      );
      const master = await text(ready.links.multivariant);
      assert.match(master, /CODECS="avc1\.[0-9a-f]{6}",RESOLUTION=320x180,FRAME-RATE=25\.000/);
      const playlist = await text(ready.links.playlist);
      const segment = /\n(seg\d+\.m4s)\n/.exec(playlist)![1]!;
      const base = ready.links.playlist.replace(/playlist\.m3u8$/, '');
      const decoded = await ffmpegDecode(join(await get(`${base}init0.mp4`), await get(base + segment)));
      assert.equal(decoded.errors, '');
      assert.ok(decoded.videoFrames >= 20);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
  });
});

function h2Get(origin: string, path: string): Promise<Uint8Array> {
  const session = connect(origin, { rejectUnauthorized: false });
  return new Promise<Uint8Array>((resolve, reject) => {
    const stream = session.request({ ':path': path });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    stream.on('error', reject);
  }).finally(() => session.close());
}
