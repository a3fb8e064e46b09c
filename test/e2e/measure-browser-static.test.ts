import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import { BrowserClient } from '../../src/browser/browser-client.js';
import { launchChromium, resolveBrowser } from '../../src/browser/chromium.js';
import { playerPageRoutes } from '../../src/browser/player-page.js';
import type { FrameCodeLayout, TimestampsDocument } from '../../src/hls/timestamps.js';
import type { MeasureContext } from '../../src/run/measure-client.js';
import type { FrameSample, MediaSample, PlaylistSample, Sample } from '../../src/run/types.js';
import { ffmpegTestArgs, hlsOutput } from '../helpers/ffmpeg-command.js';

// A third-party-like server: FFmpeg's own HLS muxer (ordinary HLS, PROGRAM-DATE-TIME), served by a
// static file server that sends NO CORS headers. The browser client must still measure it (the
// harness page is served at the stream's own origin) and must call what it saw ordinary HLS.
// The frames carry the llhls frame code (FrameCodeLayout), drawn by FFmpeg from each frame's
// wall-clock timestamp (setpts=RTCSTART+N/FPS, so `t` is the capture instant in seconds), so the
// page's canvas reading is checked on real decoded video in Chromium.
const dir = mkdtempSync(join(tmpdir(), 'llhls-static-hls-'));
const layout: FrameCodeLayout = {
  kind: 'capture-ms',
  bits: 24,
  x: 0,
  y: 0,
  blockSize: 16,
  frameWidth: 640,
  frameHeight: 360,
};
const frameCodeFilter = (): string => {
  const w = (layout.bits + 2) * layout.blockSize;
  const b = layout.blockSize;
  const boxes = [
    `drawbox=x=0:y=0:w=${w}:h=${b}:color=black:t=fill`,
    `drawbox=x=0:y=0:w=${b}:h=${b}:color=white:t=fill`,
  ];
  for (let i = 0; i < layout.bits; i++) {
    const enable = `mod(floor(floor(t*1000+0.5)/pow(2\\,${layout.bits - 1 - i}))\\,2)`;
    boxes.push(`drawbox=x=${(i + 2) * b}:y=0:w=${b}:h=${b}:color=white:t=fill:enable='${enable}'`);
  }
  return `settb=AVTB,setpts=RTCSTART+N*1000000/30,realtime,${boxes.join(',')}`;
};
/**
 * FFmpeg's HLS muxer publishes no per-frame capture list. The drawn code IS the capture ms (mod
 * 2^24), so listing every millisecond of the last 20 s as a "frame capture" makes the lookup give
 * back the decoded value: what is checked here is the page's reading of the pixels.
 */
const timestampsJson = (now: number): TimestampsDocument => ({
  schema: 'llhls.timestamps/1',
  serverTime: now,
  stream: {
    codec: 'h264',
    width: 640,
    height: 360,
    frameRate: 30,
    audio: false,
    source: 'test',
    captureSource: 'wallclock',
    frameCode: layout,
    partTarget: null,
    targetDuration: 1,
  },
  mediaSequence: 0,
  discontinuitySequence: 0,
  segments: [
    {
      msn: 0,
      uri: 'none',
      duration: 20,
      discontinuity: false,
      firstPts: 0,
      capture: now - 20_000,
      programDateTime: now - 20_000,
      publish: now,
      complete: false,
      parts: [
        {
          msn: 0,
          part: 0,
          uri: 'none',
          duration: 20,
          independent: true,
          firstPts: 0,
          capture: now - 20_000,
          frameCaptures: Array.from({ length: 20_000 }, (_, i) => Math.floor(now) - 20_000 + i),
          publish: now,
        },
      ],
    },
  ],
});
let ffmpeg: ChildProcess;
let server: Server;
let url: string;
const corsHeadersSent: string[] = [];

before(async () => {
  ffmpeg = spawn(
    '/usr/bin/ffmpeg',
    ffmpegTestArgs({
      width: 640,
      height: 360,
      videoFilters: [frameCodeFilter()],
      gop: 30,
      encoder: ['-pix_fmt', 'yuv420p'],
      output: hlsOutput(join(dir, 'index.m3u8'), 6),
    }),
    { stdio: 'ignore' },
  );
  const types: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };
  const routes = playerPageRoutes();
  server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/timestamps.json') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(timestampsJson(Date.now())));
      return;
    }
    const route = routes[pathname];
    if (route !== undefined) {
      res.writeHead(200, { 'content-type': route.contentType }).end(route.body());
      return;
    }
    const path = join(dir, new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    // Deliberately no Access-Control-Allow-Origin.
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
    const cors = res.getHeader('access-control-allow-origin');
    if (cors !== undefined) corsHeadersSent.push(String(cors));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.m3u8`;
  for (let i = 0; i < 100; i++) {
    const playlist = existsSync(join(dir, 'index.m3u8')) ? readFileSync(join(dir, 'index.m3u8'), 'utf8') : '';
    if ((playlist.match(/#EXTINF/g) ?? []).length >= 3) return;
    await sleep(100);
  }
  throw new Error('FFmpeg did not produce a playlist');
});

after(async () => {
  ffmpeg.kill('SIGKILL');
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

test('measures a server without CORS headers: frame code read from the pixels, PDT capture, ordinary-HLS verdict', async () => {
  const samples: Sample[] = [];
  // Stopped by the signal (Ctrl-C, or the session's own end), long before durationMs.
  const abort = new AbortController();
  const ctx: MeasureContext = {
    url,
    durationMs: 120_000,
    signal: abort.signal,
    toServerTime: (t) => t,
    emit: (s) => samples.push(s),
    log: () => undefined,
  };
  const client = new BrowserClient();
  const stopAt = setTimeout(() => abort.abort(), 9000);
  const outcome = await client.run(ctx);
  clearTimeout(stopAt);
  assert.deepEqual(corsHeadersSent, []);
  const frames = samples.filter((s): s is FrameSample => s.type === 'frame');
  assert.ok(frames.length > 60, `expected > 60 frames, got ${frames.length}`);
  assert.ok(frames.at(-1)!.display - frames[0]!.display < 20_000, 'the abort signal ended the play');
  const withPdt = frames.filter((f) => f.captureByPdt !== null);
  assert.ok(
    withPdt.length > frames.length * 0.9,
    `${withPdt.length} of ${frames.length} frames had a PDT capture`,
  );
  // FFmpeg's HLS muxer plays seconds behind live; a latency out of (0, 30 s) means a broken mapping.
  const latencies = withPdt.map((f) => f.capture_to_display_pdt!).sort((a, b) => a - b);
  const median = latencies[latencies.length >> 1]!;
  assert.ok(median > 0 && median < 30_000, `median PDT capture_to_display ${median} ms`);
  const decoded = frames.filter((f) => f.captureByCode !== null);
  assert.ok(
    decoded.length >= frames.length * 0.95,
    `frame code read on ${decoded.length} of ${frames.length} frames`,
  );
  assert.ok(decoded.every((f) => f.captureSource === 'frame-code'));
  // Here PDT comes from the same wall clock as the drawn code: the two figures must agree.
  const diffs = decoded
    .filter((f) => f.captureByPdt !== null)
    .map((f) => f.captureByPdt! - f.captureByCode!)
    .sort((a, b) => a - b);
  const medianDiff = diffs[diffs.length >> 1]!;
  assert.ok(Math.abs(medianDiff) <= 1000 / 30 + 20, `PDT - frame code median ${medianDiff} ms`);
  assert.equal(outcome.counters['framesDecoded'], decoded.length);
  const media = samples.filter((s): s is MediaSample => s.type === 'media');
  assert.ok(media.length >= 2 && media.every((m) => m.kind === 'segment' && m.status === 200));
  assert.ok(samples.some((s): s is PlaylistSample => s.type === 'playlist' && s.request.msn === null));
  assert.ok(samples.some((s) => s.type === 'player'));
  assert.ok(samples.some((s) => s.type === 'event' && s.name === 'first-frame'));
  // Every emitted sample passes the run format's schema.
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync('schemas/sample.schema.json', 'utf8')));
  for (const sample of samples)
    assert.ok(validate(sample), `${JSON.stringify(sample)}: ${ajv.errorsText(validate.errors)}`);
  assert.equal(outcome.kind, 'browser');
  assert.equal(outcome.summary?.lowLatency?.parts, 0);
  assert.equal(outcome.summary?.lowLatency?.blockingReloads, 0);
  assert.match(outcome.summary?.lowLatency?.verdict ?? '', /fell back to ordinary HLS/);
  assert.ok((outcome.summary?.startupMs ?? -1) > 0);
  const info = client.info();
  assert.equal(info.player?.name, 'hls.js');
  assert.equal(info.player?.config['lowLatencyMode'], true);
  assert.match(info.browser?.version ?? '', /^\d+\./);
});

test('the standalone /player page plays ?src and shows the PDT and frame-code latencies', async () => {
  const browser = await launchChromium({ executablePath: resolveBrowser().executablePath, headed: false });
  try {
    const page = await browser.context.newPage();
    const origin = new URL(url).origin;
    await page.goto(`${origin}/player?src=${encodeURIComponent(url)}`);
    await page.waitForFunction(
      () => /^\d+\.\d{3} s$/.test(document.getElementById('byPdt')?.textContent ?? ''),
      null,
      {
        timeout: 15_000,
      },
    );
    const figures = await page.evaluate(() => ({
      byPdt: document.getElementById('byPdt')?.textContent ?? '',
      byCode: document.getElementById('byCode')?.textContent ?? '',
      status: document.getElementById('status')?.textContent ?? '',
    }));
    const byPdt = Number.parseFloat(figures.byPdt);
    const byCode = Number.parseFloat(figures.byCode);
    assert.ok(byPdt > 0 && byPdt < 30, figures.byPdt);
    // Read a moment apart, on frames up to a second apart: close, not equal.
    assert.ok(Math.abs(byPdt - byCode) < 1, `${figures.byPdt} vs ${figures.byCode}`);
    assert.match(figures.status, /^hls\.js 1\./);
  } finally {
    await browser.close();
  }
});

test('a player configuration hls.js refuses is a flag error naming --hls-config', async () => {
  // hls.js rejects liveMaxLatencyDuration without a smaller liveSyncDuration.
  // As `llhls measure --hls-config` makes it (src/measure/create-clients.ts): the flag that gave
  // the configuration is the one the error names.
  const client = new BrowserClient({
    playerConfig: { liveMaxLatencyDuration: 1 },
    configFlag: '--hls-config',
  });
  const ctx: MeasureContext = {
    url,
    durationMs: 5000,
    signal: new AbortController().signal,
    toServerTime: (t) => t,
    emit: () => undefined,
    log: () => undefined,
  };
  await assert.rejects(
    client.run(ctx),
    (e: { code?: string; message?: string }) =>
      e.code === 'LLHLS_INVALID_FLAG' &&
      /--hls-config/.test(e.message ?? '') &&
      /liveSyncDuration/.test(e.message ?? ''),
  );
});
