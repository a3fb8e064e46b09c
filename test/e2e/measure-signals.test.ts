/**
 * Real `llhls measure` processes (the built CLI) sent SIGINT, SIGTERM and SIGHUP, with the node
 * client (against a synthetic LL-HLS origin) and the browser client (hls.js in Chromium, against
 * FFmpeg's HLS): each stops the clients, flushes the samples, writes a valid run with status
 * `interrupted` and the signal, a summary, and exits 128 + the signal.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { STOP_SIGNALS, type StopSignal, signalExitCode } from '../../src/measure/stop-signals.js';
import { readRun } from '../../src/run/run-reader.js';
import { buildCli, type CliResult as Exit, startCli } from '../helpers/cli.js';
import {
  type FakeLlHlsServer,
  startFakeLlHls,
  startFfmpegHls,
  type TestHlsServer,
} from '../helpers/hls-servers.js';

/** Resolves once `<dir>/samples.jsonl` (flushed every second) holds `text`. */
async function samplesOnDisk(dir: string, text: string, ms = 40_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const samples = await readFile(join(dir, 'samples.jsonl'), 'utf8').catch(() => '');
    if (samples.includes(text)) return;
    await sleep(100);
  }
  throw new Error(`no ${text} in ${dir}/samples.jsonl after ${ms / 1000} s`);
}

/** Runs measure, signals it once samples are on disk, checks what it left. */
async function interrupt(
  signal: StopSignal,
  args: string[],
  out: string,
  options: { once?: string; second?: StopSignal } = {},
): Promise<Exit & { stoppedInMs: number }> {
  const { child, exited } = startCli([
    'measure',
    ...args,
    '--duration',
    '60s',
    '--warmup',
    '0',
    '--out',
    out,
  ]);
  await samplesOnDisk(out, options.once ?? '"type"');
  const signalled = Date.now();
  child.kill(signal);
  if (options.second !== undefined) {
    await sleep(150);
    child.kill(options.second);
  }
  const exit = await exited;
  return { ...exit, stoppedInMs: Date.now() - signalled };
}

let node: FakeLlHlsServer;
let hls: TestHlsServer;
let work: string;

before(async () => {
  buildCli('measure');
  [node, hls] = await Promise.all([startFakeLlHls(), startFfmpegHls()]);
  work = await mkdtemp(join(tmpdir(), 'llhls-measure-signals-'));
});

after(async () => {
  await Promise.all([node?.close(), hls?.close()]);
  await rm(work, { recursive: true, force: true });
});

async function assertInterrupted(out: string, signal: StopSignal, exit: Exit): Promise<void> {
  assert.equal(exit.code, signalExitCode(signal), exit.stderr);
  const read = await readRun(out);
  assert.deepEqual(read.issues, [], 'run.json, every sample and summary.json valid');
  assert.equal(read.info?.status, 'interrupted');
  assert.equal(read.info?.signal, signal);
  assert.equal(read.summary?.status, 'interrupted');
  assert.ok(
    read.summary?.warnings.includes(
      `the run was interrupted by ${signal} before its duration: figures cover what was measured`,
    ),
  );
  assert.ok(read.samples.length > 0);
  assert.match(exit.stdout, /\(interrupted\) written to/);
}

// The three signals at once: three processes, a few seconds each, in parallel.
describe('llhls measure --client node and signals', { concurrency: true }, () => {
  for (const signal of STOP_SIGNALS) {
    it(`node client, ${signal}: run written interrupted, exit ${signalExitCode(signal)}`, async () => {
      const out = join(work, `node-${signal}`);
      const exit = await interrupt(signal, ['--url', node.url, '--assume-synced'], out);
      await assertInterrupted(out, signal, exit);
      assert.ok(exit.stoppedInMs < 5000, `stopped ${exit.stoppedInMs} ms after ${signal}`);
    });
  }
});

// One Chromium at a time: the machine's two cores are shared.
describe('llhls measure --client browser and signals', () => {
  for (const signal of STOP_SIGNALS) {
    it(`browser client, ${signal}: Chromium stopped, run written interrupted, exit ${signalExitCode(signal)}`, async () => {
      const out = join(work, `browser-${signal}`);
      // Once hls.js is playing: frames on disk.
      const exit = await interrupt(
        signal,
        ['--url', hls.url, '--client', 'browser', '--assume-synced'],
        out,
        {
          once: '"type":"frame"',
        },
      );
      await assertInterrupted(out, signal, exit);
      // Before: Playwright's own handlers closed the browser and the run went on to its 60 s.
      assert.ok(exit.stoppedInMs < 30_000, `stopped ${exit.stoppedInMs} ms after ${signal}`);
      const read = await readRun(out);
      assert.ok(
        read.samples.some((s) => s.type === 'frame'),
        'frames were measured',
      );
      assert.ok((read.info?.endedAt ?? 0) - (read.info?.startedAt ?? 0) < 50_000);
    });
  }

  it('a second signal leaves at once, run.json still says interrupted (not running)', async () => {
    const out = join(work, 'twice');
    const exit = await interrupt(
      'SIGTERM',
      ['--url', hls.url, '--client', 'browser', '--assume-synced'],
      out,
      {
        once: '"type":"frame"',
        second: 'SIGINT',
      },
    );
    assert.equal(exit.code, signalExitCode('SIGINT'), exit.stderr);
    const read = await readRun(out);
    assert.equal(read.info?.status, 'interrupted');
    // The browser takes a second or more to stop: the second signal came before the summary.
    assert.equal(read.summary, null);
    assert.equal(read.info?.signal, 'SIGTERM');
    assert.match(read.info?.error ?? '', /ended before the run was written/);
    // Every sample on disk is whole.
    assert.deepEqual(
      read.issues.filter((i) => i.file !== 'summary.json'),
      [],
    );
    assert.ok(read.samples.length > 0);
  });
});
