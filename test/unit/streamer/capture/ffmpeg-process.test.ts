import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LlhlsError, LlhlsErrorCode } from '../../../../src/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, FfmpegProcess } from '../../../../streamer/capture/ffmpeg-process.js';

// A stand-in for FFmpeg: /bin/sh scripts that write to stdout/stderr and exit as told.
const sh = (script: string, probeMs = 500): FfmpegProcess =>
  new FfmpegProcess({
    ffmpeg: '/bin/sh',
    args: ['-c', script],
    probeMs,
    backoff: { initialMs: 50, maxMs: 200, healthyMs: 10_000 },
    failure: (stderr, exit) =>
      new LlhlsError(LlhlsErrorCode.FfmpegFailed, `failed ${exit.code}: ${stderr.at(-1)}`),
  });

test('backoff doubles from 0.5 s and is capped at 5 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a)),
    [500, 1000, 2000, 4000, 5000, 5000],
  );
  assert.equal(DEFAULT_BACKOFF.healthyMs, 10_000);
});

test('start() resolves on the first output and data flows; destroy() kills the child', async () => {
  const proc = sh('echo hello; exec sleep 30');
  const chunks: string[] = [];
  proc.on('data', ({ chunk }) => chunks.push(chunk.toString()));
  await proc.start();
  const pid = proc.pid!;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(chunks.join(''), 'hello\n');
  await proc.destroy();
  assert.throws(() => process.kill(pid, 0), /ESRCH/);
});

test('an FFmpeg that exits during the probe rejects start() with the failure built from stderr', async () => {
  const proc = sh('echo "/dev/video9: No such file or directory" >&2; exit 1');
  await assert.rejects(proc.start(), /failed 1: \/dev\/video9: No such file or directory/);
  assert.equal(proc.restarts, 0);
});

test('a binary that cannot run is FfmpegNotFound', async () => {
  const proc = new FfmpegProcess({
    ffmpeg: '/nonexistent/ffmpeg',
    args: [],
    failure: () => new LlhlsError(LlhlsErrorCode.FfmpegFailed, 'x'),
  });
  await assert.rejects(
    proc.start(),
    (e: unknown) => (e as LlhlsError).code === LlhlsErrorCode.FfmpegNotFound,
  );
});

test('an unexpected exit after start is restarted with backoff: exit, then restart events', async () => {
  const proc = sh('echo up; exec sleep 30', 2000);
  const events: string[] = [];
  proc.on('exit', ({ signal, delayMs }) => events.push(`exit ${signal} ${delayMs}`));
  const restarted = new Promise<number | undefined>((resolve) =>
    proc.on('restart', ({ attempt, pid }) => {
      events.push(`restart ${attempt}`);
      resolve(pid);
    }),
  );
  await proc.start();
  const first = proc.pid!;
  process.kill(first, 'SIGKILL');
  const second = await restarted;
  assert.deepEqual(events, ['exit SIGKILL 50', 'restart 1']);
  assert.notEqual(second, first);
  assert.equal(proc.restarts, 1);
  // The next failure waits twice as long.
  const exited = new Promise<number>((resolve) => proc.on('exit', ({ delayMs }) => resolve(delayMs)));
  process.kill(second!, 'SIGKILL');
  assert.equal(await exited, 100);
  await proc.destroy();
  const count = proc.restarts;
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(proc.restarts, count, 'no restart after destroy()');
});
