/**
 * `llhls serve --engine gstreamer` end to end through the built CLI: FFmpeg's test source into a
 * real gst-launch-1.0 (x264enc, splitmuxsink), files found on disk, served by the shared origin;
 * read back over real HTTP, decoded by FFmpeg, played by hls.js in Chromium and measured by
 * `llhls measure` with both clients. One engine for the whole file.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { readRun } from '../../src/run/run-reader.js';
import { schemasDir } from '../../src/run/run-schemas.js';
import type { GstServeResult } from '../../streamer/gstreamer/gst-session.js';
import { buildCli, type CliResult, runCli, startCli } from '../helpers/cli.js';
import { ffmpegDecode, ffprobePackets, join as joinBytes } from '../helpers/mp4-reader.js';

const MAX_FILES = 2;
let work: string;
let serve: { child: ChildProcess; exited: Promise<CliResult>; ready: GstServeResult };
let ready: GstServeResult;
let base: string;

const get = async (
  path: string,
): Promise<{ status: number; text: string; bytes: Uint8Array; timing: string; ms: number }> => {
  const start = performance.now();
  const response = await fetch(`${base}${path}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    text: new TextDecoder().decode(bytes),
    bytes,
    timing: response.headers.get('server-timing') ?? '',
    ms: performance.now() - start,
  };
};
const versionOf = (timing: string): number => Number(/version;desc="(\d+)"/.exec(timing)?.[1] ?? Number.NaN);

/** The JSON documents `--json` printed (each pretty-printed, one after the other). */
const documents = (stdout: string): GstServeResult[] =>
  stdout
    .split(/(?<=^\})\n/m)
    .filter((d) => d.trim() !== '')
    .map((d) => JSON.parse(d) as GstServeResult);

async function timestamps(): Promise<TimestampsDocument> {
  return JSON.parse((await get('/timestamps.json')).text) as TimestampsDocument;
}

/** Starts `serve --engine gstreamer --test-src --json` (640x360, any port) with `args`; resolves
 *  with its first --json document (the ready one). */
async function startGstServe(
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; exited: Promise<CliResult>; ready: GstServeResult }> {
  const cli = startCli(
    [
      'serve',
      '--engine',
      'gstreamer',
      '--test-src',
      '--resolution',
      '640x360',
      '--http-port',
      '0',
      '--status-interval',
      '0',
      '--json',
      ...args,
    ],
    env === undefined ? {} : { env },
  );
  let out = '';
  cli.child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  // Slow on a loaded 2-core machine: oclif, the GStreamer check, the origin.
  const deadline = Date.now() + 60_000;
  while (!/^\}$/m.test(out) && cli.child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!/^\}$/m.test(out))
    throw new Error(
      `serve did not start: ${(await Promise.race([cli.exited, Promise.resolve(null)]))?.stderr ?? 'no ready document in 60 s'}`,
    );
  return { ...cli, ready: documents(out)[0]! };
}

before(async () => {
  buildCli('serve');
  work = await mkdtemp(join(tmpdir(), 'llhls-gst-e2e-'));
  serve = await startGstServe([
    '--bitrate',
    '800',
    '--max-files',
    String(MAX_FILES),
    '--playlist-length',
    '4',
  ]);
  ready = serve.ready;
  base = ready.origin;
  // A few closed files: the first is ready a GOP after its last frame (splitmuxsink queues one).
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if ((await timestamps()).segments.length >= 4) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});

after(async () => {
  if (serve.child.exitCode === null) {
    serve.child.kill('SIGINT');
    await Promise.race([serve.exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

test('streams: EXT-X-MAP, one EXT-X-PART per segment, PDT; init + segments decode as one timeline', async () => {
  assert.equal(ready.engine, 'gstreamer');
  assert.match(
    ready.pipeline,
    /\| gst-launch-1\.0 .*splitmuxsink 'muxer=mp4mux fragment-duration=100 streamable=true'/,
  );
  const playlist = await get('/playlist.m3u8');
  assert.equal(playlist.status, 200);
  const lines = playlist.text.split('\n');
  assert.ok(lines.includes('#EXT-X-MAP:URI="init0.mp4"'), playlist.text);
  assert.ok(lines.includes('#EXT-X-PART-INF:PART-TARGET=1.00000'), playlist.text);
  const parts = lines.filter((l) => l.startsWith('#EXT-X-PART:'));
  const segments = lines.filter((l) => /^seg\d+\.m4s$/.test(l));
  assert.ok(segments.length >= 3 && segments.length <= 4, playlist.text);
  // Parts are listed for the segments of the last 3 target durations (as llhls's own engine).
  assert.equal(parts.length, Math.min(3, segments.length), playlist.text);
  assert.equal(lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')).length, segments.length);
  // The next file is hinted as the next part (held until it is closed).
  const next = Number(/^seg(\d+)\.m4s$/.exec(segments.at(-1)!)![1]) + 1;
  assert.equal(lines.at(-2), `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part${next}.m4s"`, playlist.text);
  const init = await get('/init0.mp4');
  const media = await Promise.all(segments.slice(-3).map((uri) => get(`/${uri}`)));
  for (const m of media) assert.equal(m.status, 200);
  const stream = joinBytes(init.bytes, ...media.map((m) => m.bytes));
  const packets = await ffprobePackets(stream);
  assert.equal(packets.length, 90, 'three 1 s segments of 30 fps');
  const steps = new Set(packets.slice(1).map((p, i) => p.dts - packets[i]!.dts));
  assert.deepEqual([...steps], [100], 'one frame (100 ticks of 3000 Hz) between every two frames');
  const decoded = await ffmpegDecode(stream);
  assert.equal(decoded.videoFrames, 90);
});

test('timestamps.json: valid against its schema, frame-code captures, a frame interval apart', async () => {
  const doc = await timestamps();
  const validate = new Ajv2020({ strict: false }).compile(
    JSON.parse(await readFile(join(schemasDir(), 'timestamps.schema.json'), 'utf8')),
  );
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.equal(doc.stream.engine, 'gstreamer');
  assert.equal(doc.stream.captureSource, 'frame-code');
  assert.equal(doc.stream.container, 'fmp4');
  const segment = doc.segments.at(-1)!;
  const captures = segment.parts[0]!.frameCaptures;
  assert.equal(captures.length, 30);
  for (let i = 1; i < captures.length; i++)
    assert.ok(Math.abs(captures[i]! - captures[i - 1]! - 1000 / 30) <= 1);
  assert.equal(segment.programDateTime, captures[0]);
  // The file is complete a GOP after its last frame (splitmuxsink): publish > last capture.
  assert.ok(segment.publish > captures.at(-1)!, `${segment.publish} vs ${captures.at(-1)}`);
});

test(`--max-files ${MAX_FILES}: older files are removed from disk, still served from memory`, async () => {
  const doc = await timestamps();
  const last = doc.segments.at(-1)!.msn;
  assert.ok(last >= MAX_FILES + 1);
  const onDisk = readdirSync(ready.directory).filter((n) => n.endsWith('.mp4'));
  // The newest MAX_FILES published files, plus the one splitmuxsink is writing.
  assert.ok(onDisk.length <= MAX_FILES + 1, onDisk.join(' '));
  assert.ok(!onDisk.includes('seg00000.mp4'), onDisk.join(' '));
  assert.equal((await get(`/seg${doc.segments[0]!.msn}.m4s`)).status, 200);
});

test('?wait=&version=: holds until a newer playlist, or answers the current one when the wait ends', async () => {
  const now = await get('/playlist.m3u8');
  const version = versionOf(now.timing);
  assert.ok(Number.isFinite(version), now.timing);
  // The first answer may come at once (a file closed in between); the second is asked right
  // after a new version, so it waits for the next file (~1 s).
  const first = await get(`/playlist.m3u8?wait=2900&version=${version}`);
  assert.equal(first.status, 200);
  assert.ok(versionOf(first.timing) > version, first.timing);
  const held = await get(`/playlist.m3u8?wait=2900&version=${versionOf(first.timing)}`);
  assert.equal(held.status, 200);
  assert.ok(versionOf(held.timing) > versionOf(first.timing), held.timing);
  assert.ok(held.ms > 300, `answered after ${held.ms} ms`);
  assert.match(held.timing, /hold;dur=[1-9]/);
  // A version from the future: nothing newer comes within the wait, the playlist as it is.
  const expired = await get(`/playlist.m3u8?wait=300&version=${version + 1000}`);
  assert.equal(expired.status, 200);
  assert.ok(expired.ms >= 290 && expired.ms < 2000, `${expired.ms} ms`);
  assert.ok(expired.text.startsWith('#EXTM3U'));
  const stale = await get(`/playlist.m3u8?wait=500&version=${version - 1}`);
  assert.ok(stale.ms < 250, `an older version is answered at once (${stale.ms} ms)`);
  assert.equal((await get('/playlist.m3u8?wait=500')).status, 400);
  assert.equal((await get('/playlist.m3u8?wait=99999&version=1')).status, 400);
  // The standard blocking reload works on the same playlist.
  const msn = (await timestamps()).segments.at(-1)!.msn;
  const blocking = await get(`/playlist.m3u8?_HLS_msn=${msn + 1}&_HLS_part=0`);
  assert.equal(blocking.status, 200);
  assert.ok(blocking.text.includes(`seg${msn + 1}.m4s`) || blocking.text.includes(`part${msn + 1}.m4s`));
});

test('the same serving surface as llhls serve: /time, /healthz, /player (+ hls.min.js), CORS, Server-Timing', async () => {
  const before = Date.now();
  const time = await fetch(`${base}/time`);
  const clock = (await time.json()) as { receive: number; send: number };
  assert.ok(clock.receive >= before - 1000 && clock.send >= clock.receive && clock.send <= Date.now() + 1000);
  assert.equal(time.headers.get('access-control-allow-origin'), '*');
  assert.ok(time.headers.get('server-timing') !== null);
  const health = JSON.parse((await get('/healthz')).text) as Record<string, unknown>;
  assert.equal(health['status'], 'ok');
  assert.equal(health['reason'], null);
  assert.ok(Number(health['playlistVersion']) >= 4, JSON.stringify(health));
  const segments = (await timestamps()).segments;
  const lastPart = health['lastPart'] as { msn: number } | null;
  assert.ok(lastPart !== null && lastPart.msn >= segments.at(-1)!.msn - 1, JSON.stringify(health));
  const player = await fetch(`${base}/player?src=${encodeURIComponent(`${base}/playlist.m3u8`)}`);
  assert.equal(player.status, 200);
  assert.match(player.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await player.text(), /<title>llhls player<\/title>/);
  const script = await fetch(`${base}/hls.min.js`);
  assert.equal(script.status, 200);
  assert.ok((await script.arrayBuffer()).byteLength > 100_000, 'hls.js served beside the page');
  // A player on another origin: the preflight and every response allow it, and read Server-Timing.
  const preflight = await fetch(`${base}/playlist.m3u8`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
  const media = await fetch(`${base}/init0.mp4`, { headers: { Origin: 'http://elsewhere.example' } });
  assert.equal(media.headers.get('access-control-allow-origin'), '*');
  assert.match(media.headers.get('access-control-expose-headers') ?? '', /server-timing/i);
  const segment = await get(`/seg${segments.at(-1)!.msn}.m4s`);
  assert.match(segment.timing, /age;dur=[\d.]+, publish;desc="[\d.]+"/);
});

test('llhls measure, both clients: hls.js in Chromium plays it with frame-code latency', async () => {
  buildCli('measure');
  const out = join(work, 'run');
  const result = await runCli([
    'measure',
    '--url',
    `${base}/playlist.m3u8`,
    '--client',
    'node,browser',
    '--duration',
    // Chromium takes seconds to start on a loaded 2-core machine, hls.js starts 3 s behind.
    '16s',
    '--warmup',
    '2s',
    '--out',
    out,
  ]);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const run = await readRun(out);
  assert.equal(run.info?.status, 'complete', result.stderr);
  const frames = run.samples.filter((s) => s.type === 'frame');
  const byCode = frames.filter((s) => s.type === 'frame' && s.captureSource === 'frame-code');
  const errors = run.samples.filter((s) => s.type === 'error');
  assert.ok(
    byCode.length >= 0.9 * frames.length && byCode.length > 10,
    `${byCode.length} of ${frames.length}: ${result.stderr.slice(-1500)} ${JSON.stringify(errors).slice(0, 1500)}`,
  );
  for (const client of ['node', 'browser'] as const) {
    const summary = run.summary?.clients.find((c) => c.client === client);
    assert.ok(summary !== undefined && summary.metrics.length > 0, `${client}: ${JSON.stringify(summary)}`);
  }
  const display = run.summary?.clients
    .find((c) => c.client === 'browser')
    ?.metrics.find((m) => m.metric === 'capture_to_display');
  // Whole 1 s files, a GOP queued by splitmuxsink, PART-HOLD-BACK 3 s: seconds, not parts.
  assert.ok(display !== undefined && display.p50 > 1000 && display.p50 < 15_000, JSON.stringify(display));
});

test('SIGINT: exit 0, the temporary directory removed', async () => {
  assert.ok(existsSync(ready.directory));
  serve.child.kill('SIGINT');
  const result = await serve.exited;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(existsSync(ready.directory), false);
  const docs = documents(result.stdout);
  const final = docs.at(-1)!;
  const validate = new Ajv2020({ strict: true }).compile(
    JSON.parse(await readFile(join(schemasDir(), 'serve-gstreamer-result.schema.json'), 'utf8')),
  );
  for (const doc of docs) assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.equal(docs.length, 2);
  assert.ok(final.status !== null && final.status.segments >= 4 && final.status.removedFiles >= 2);
});

test('SIGKILL leaves the temporary directory (no handler runs); the next start removes it', async () => {
  const tmp = join(work, 'tmp');
  await mkdir(tmp);
  const start = () => startGstServe([], { TMPDIR: tmp });
  const killed = await start();
  assert.ok(killed.ready.directory.startsWith(tmp), killed.ready.directory);
  killed.child.kill('SIGKILL');
  await killed.exited;
  assert.ok(existsSync(join(killed.ready.directory, 'owner.pid')), 'a SIGKILL leaves the directory');
  const next = await start();
  assert.equal(existsSync(killed.ready.directory), false, 'the next start removed the one left behind');
  assert.ok(existsSync(next.ready.directory));
  next.child.kill('SIGINT');
  assert.equal((await next.exited).code, 0);
  assert.deepEqual(await readdir(tmp), []);
});

test('GStreamer missing: one line naming the apt packages, exit 1', async () => {
  // A PATH with node and FFmpeg only.
  const bin = join(work, 'bin');
  await import('node:fs/promises').then((fs) => fs.mkdir(bin));
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync('/usr/bin/ffmpeg', join(bin, 'ffmpeg'));
  const result = await runCli(['serve', '--engine', 'gstreamer', '--http-port', '0'], { env: { PATH: bin } });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr.trim(),
    'llhls: --engine gstreamer needs GStreamer (missing: gst-launch-1.0): sudo apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly',
  );
});

test('a camera that is not there: one line naming the device and the fix, exit 1, before any URL is printed', async () => {
  const result = await runCli([
    'serve',
    '--engine',
    'gstreamer',
    '--device',
    '/dev/llhls-no-such-camera',
    '--http-port',
    '0',
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr.trim(),
    'llhls: video device /dev/llhls-no-such-camera not found (/dev/llhls-no-such-camera: No such file or directory); list cameras with `v4l2-ctl --list-devices`, pass --device PATH, or use --test-src',
  );
});
