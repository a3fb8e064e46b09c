import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BrowserClient } from '../../src/browser/browser-client.js';
import { PLAYER_ADAPTERS, type PlayerName } from '../../src/browser/player-choice.js';
import type { ClientOutcome, MeasureContext } from '../../src/run/measure-client.js';
import type {
  ErrorSample,
  EventSample,
  FrameSample,
  MediaSample,
  PlayerSample,
  Sample,
} from '../../src/run/types.js';
import { Container } from '../../streamer/packager/container.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

// `llhls serve --container fmp4` (CMAF parts) played in headless Chromium by both players, with
// the test source's frame code read off every displayed frame (issue 20, done means). One
// server for the file; each play is short (seconds): the 60 s no-stall play of the default
// container is measure-browser-serve's.
let serve: TestServe;

before(async () => {
  serve = await startTestServe({ container: Container.Fmp4 });
});

after(async () => {
  await serve?.close();
});

interface Play {
  samples: Sample[];
  logs: string[];
  outcome: ClientOutcome;
  client: BrowserClient;
}

/** A play of `url` on this host (one clock), its samples and log lines collected. */
const playOf = (url: string, durationMs: number, samples: Sample[], logs: string[]): MeasureContext => ({
  url,
  durationMs,
  signal: new AbortController().signal,
  toServerTime: (t) => t,
  emit: (s) => samples.push(s),
  log: (line) => logs.push(line),
});

async function play(player: PlayerName, url: string, durationMs: number): Promise<Play> {
  const samples: Sample[] = [];
  const logs: string[] = [];
  const client = new BrowserClient({ player: PLAYER_ADAPTERS[player] });
  const outcome = await client.run(playOf(url, durationMs, samples, logs));
  return { samples, logs, outcome, client };
}

/** The checks both players must pass on CMAF parts: they play, the frame code is read on nearly
 *  every frame, latency is plausible, parts are loaded, no fatal error. */
function assertPlayedWithFrameCode({ samples, logs }: Play, minSpanMs: number): void {
  const fatal = samples.filter((s): s is ErrorSample => s.type === 'error' && s.fatal);
  assert.deepEqual(fatal, [], `fatal errors (${logs.join(' | ')})`);
  const frames = samples.filter((s): s is FrameSample => s.type === 'frame');
  assert.ok(frames.length > 0, `no frame displayed (${logs.join(' | ')})`);
  const span = frames.at(-1)!.display - frames[0]!.display;
  assert.ok(span >= minSpanMs, `frames over ${span} ms only`);
  const byCode = frames.filter((f) => f.captureSource === 'frame-code' && f.capture_to_display !== null);
  assert.ok(
    byCode.length >= 0.9 * frames.length,
    `frame code on ${byCode.length} of ${frames.length} frames`,
  );
  const latencies = byCode.map((f) => f.capture_to_display!).sort((a, b) => a - b);
  const p50 = latencies[latencies.length >> 1]!;
  assert.ok(p50 > 0 && p50 < 5000, `capture_to_display p50 ${p50} ms`);
  const parts = samples.filter((s): s is MediaSample => s.type === 'media' && s.kind === 'part');
  assert.ok(parts.length > 0, 'no part loaded');
  assert.ok(
    parts.every((p) => p.uri.endsWith('.m4s')),
    `parts not CMAF: ${parts.slice(0, 3).map((p) => p.uri)}`,
  );
}

test('hls.js plays CMAF parts (playlist.m3u8 with EXT-X-MAP): frame-code latency on >= 90% of frames', async () => {
  const result = await play('hls.js', serve.url, 12_000);
  assertPlayedWithFrameCode(result, 6_000);
  assert.equal(result.client.info().player?.name, 'hls.js');
});

test('Shaka plays CMAF parts (master.m3u8) in low-latency mode: frame-code latency, its own latency figure, its resolved configuration', async () => {
  const result = await play('shaka', `${serve.origin}/master.m3u8`, 12_000);
  assertPlayedWithFrameCode(result, 6_000);
  const info = result.client.info().player;
  assert.equal(info?.name, 'shaka-player');
  assert.match(info?.version ?? '', /^v?5\./);
  const streaming = info?.resolvedConfig?.['streaming'] as Record<string, unknown> | undefined;
  assert.equal(streaming?.['lowLatencyMode'], true);
  // Shaka's own latency figure (distance to the end of its seek range) is recorded as the
  // player samples' `latency`.
  // (Before the first frame the playhead is still at 0: only figures from then on are meant.)
  const firstFrame = result.samples.find((s): s is FrameSample => s.type === 'frame')!.display;
  const own = result.samples.filter(
    (s): s is PlayerSample => s.type === 'player' && s.latency !== null && s.t >= firstFrame,
  );
  assert.ok(own.length > 0, 'no player latency figure');
  assert.ok(
    own.every((s) => s.latency! > -1 && s.latency! < 10),
    `player latency ${own.map((s) => s.latency)}`,
  );
});

test('Shaka on MPEG-TS parts: warned before it plays (error 3018 known), and the play ends within its duration', async () => {
  const ts = await startTestServe();
  try {
    const started = Date.now();
    const result = await play('shaka', ts.url, 6_000);
    const warnings = result.samples.filter(
      (s): s is EventSample => s.type === 'event' && s.name === 'player-warning',
    );
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]!.detail['message']), /MPEG-TS partial segments.*--container fmp4/);
    assert.ok(
      result.logs.some((l) => l.includes('warning') && l.includes('3018')),
      result.logs.join(' | '),
    );
    assert.ok(Date.now() - started < 30_000, `the play took ${Date.now() - started} ms`);
  } finally {
    await ts.close();
  }
});

test('Shaka: an option its configuration does not have is refused with one line naming it (Shaka itself would ignore it)', async () => {
  const client = new BrowserClient({
    player: PLAYER_ADAPTERS.shaka,
    playerConfig: { streaming: { lowLatencyModee: true } },
    configFlag: '--player-config',
  });
  await assert.rejects(
    client.run(playOf(`${serve.origin}/master.m3u8`, 3000, [], [])),
    (error: Error & { code?: string }) => {
      assert.match(error.message, /streaming\.lowLatencyModee.*fix --player-config/);
      assert.equal(error.code, 'LLHLS_INVALID_FLAG');
      return true;
    },
  );
});
