/**
 * `llhls measure` through the built CLI (`node bin/run.js measure ...`) against a synthetic
 * LL-HLS origin on loopback (test/helpers/hls-servers.ts), with the real Node client.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { distribution } from '../../src/metrics/percentiles.js';
import { readRun } from '../../src/run/run-reader.js';
import type { RunSummary } from '../../src/run/types.js';
import { buildCli, type CliResult, progressRewrites, runCli, runCliInTerminal } from '../helpers/cli.js';
import { type FakeLlHlsServer, startFakeLlHls } from '../helpers/hls-servers.js';

/** Runs `llhls measure`; `onStart` may signal it. */
const cli = (args: string[], onStart?: (child: ChildProcess) => void): Promise<CliResult> =>
  runCli(['measure', ...args], onStart === undefined ? {} : { onStart });

/** Resolves once `<dir>/samples.jsonl` has content (or after 10 s). */
async function waitForSamples(dir: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    await sleep(100);
    const size = await stat(join(dir, 'samples.jsonl')).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0) return;
  }
}

let server: FakeLlHlsServer;
let work: string;

before(async () => {
  buildCli('measure');
  server = await startFakeLlHls();
  work = await mkdtemp(join(tmpdir(), 'llhls-measure-cli-'));
});

after(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('llhls measure (CLI)', () => {
  it('measures, writes a valid run, and --json prints its summary', async () => {
    const out = join(work, 'json');
    const result = await cli([
      '--url',
      server.url,
      '--duration',
      '3s',
      '--warmup',
      '1s',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as RunSummary;
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.deepEqual(printed, read.summary);
    assert.equal(read.info?.status, 'complete');
    assert.deepEqual(read.info?.command.slice(0, 2), ['llhls', 'measure']);
    assert.equal(read.info?.clients[0]?.kind, 'node');
    // The server is on this host: one clock. Its Date header (it has no /time) agreed, so no
    // offset, no uncertainty of a second's resolution and no "drift" are reported.
    assert.equal(read.info?.clock.before.method, 'same-host');
    assert.match(read.info?.clock.before.note ?? '', /the http-date probe agreed/);
    assert.deepEqual(
      printed.warnings.filter((w) => w.includes('clock')),
      [],
    );
    // Percentiles recomputed from samples.jsonl after the warm-up.
    const node = printed.clients.find((c) => c.client === 'node');
    const metric = node?.metrics.find((m) => m.metric === 'capture_to_last_byte');
    assert.ok(metric !== undefined, JSON.stringify(node));
    const values = read.samples
      .filter((s) => s.type === 'media' && s.t >= (node?.warmupEndsAt as number) && s.error === null)
      .map((s) => (s.type === 'media' ? s.capture_to_last_byte : null))
      .filter((v): v is number => v !== null);
    const { count, min, mean, p50, p90, p95, p99, max } = metric;
    assert.deepEqual({ count, min, mean, p50, p90, p95, p99, max }, distribution(values));
  });

  it('a --client node run never loads playwright-core (~70 MB of RSS it does not need)', async () => {
    // Loaded into the CLI's process: says on exit whether playwright-core was ever loaded.
    const probe = `import { createRequire } from 'node:module';
      process.on('exit', () => {
        const cache = createRequire(process.cwd() + '/').cache;
        const loaded = Object.keys(cache).some((k) => k.includes('/playwright-core/'));
        process.stderr.write('playwright-core loaded: ' + loaded + '\\n');
      });`;
    const result = await runCli(
      ['measure', '--url', server.url, '--duration', '1s', '--warmup', '0', '--out', join(work, 'lazy')],
      { env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(probe)}` } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /playwright-core loaded: false/);
  });

  it('on SIGINT writes the run with status interrupted and exits 130', async () => {
    const out = join(work, 'sigint');
    const result = await cli(
      ['--url', server.url, '--duration', '60s', '--out', out, '--assume-synced'],
      (child) => {
        void (async () => {
          // Interrupt once samples are on disk (flushed at least every second).
          await waitForSamples(out);
          child.kill('SIGINT');
        })();
      },
    );
    assert.equal(result.code, 130, result.stderr);
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'interrupted');
    assert.equal(read.summary?.status, 'interrupted');
    assert.ok(read.samples.length > 0);
    assert.match(result.stdout, /\(interrupted\) written to/);
  });

  it('a server that goes away mid-run: the run ends failed, exit 1, the cause named once, refused connections counted as such', async () => {
    const dying = await startFakeLlHls();
    const out = join(work, 'dying');
    const result = await cli(['--url', dying.url, '--duration', '6s', '--warmup', '0s', '--out', out], () => {
      void (async () => {
        // Close the origin once the client is measuring (samples reach the disk within 1 s).
        await waitForSamples(out);
        await dying.close();
      })();
    });
    assert.equal(result.code, 1, result.stderr);
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'failed');
    assert.match(
      read.info?.error ?? '',
      /^LLHLS_SERVER_GONE: the server stopped answering [\d.]+ s into the run \((UND_ERR_SOCKET, then )?ECONNREFUSED\): nothing for [\d.]+ s, \d+ request\(s\) could not reach it$/,
    );
    assert.equal(read.summary?.status, 'failed');
    // The cause once in what is printed, and nothing on stderr but progress.
    assert.equal(result.stdout.match(/stopped answering/g)?.length, 1, result.stdout);
    assert.match(result.stdout, /\(failed\) written to/);
    assert.ok(read.samples.some((s) => s.type === 'media' && s.error === null));
    const node = read.summary?.clients[0];
    assert.ok((node?.counters['connectionErrors'] ?? 0) > 0, JSON.stringify(node?.counters));
    assert.ok(read.samples.some((s) => s.type === 'error' && s.code === 'connection'));
    // Refused connections are no verdict on holding requests or on the URIs.
    const status = Object.fromEntries((read.summary?.findings ?? []).map((f) => [f.id, f.status]));
    assert.notEqual(status['hold-limit'], 'fail', JSON.stringify(read.summary?.findings));
    assert.notEqual(status['uri-fetchable'], 'fail', JSON.stringify(read.summary?.findings));
  });

  it('an unreachable URL: one line on stderr, non-zero exit, no run directory', async () => {
    const out = join(work, 'unreachable');
    const result = await cli([
      '--url',
      'http://127.0.0.1:9/live.m3u8',
      '--duration',
      '2s',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^llhls: /);
    assert.equal(existsSync(out), false);
  });

  it('a 404 with --assume-synced: one line, non-zero exit, no run directory', async () => {
    const out = join(work, 'missing');
    const result = await cli([
      '--url',
      `${server.origin}/nope.m3u8`,
      '--duration',
      '2s',
      '--warmup',
      '0',
      '--out',
      out,
      '--assume-synced',
    ]);
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /404/);
    assert.equal(existsSync(out), false);
  });

  it('in a 40-column terminal the live progress line fits (no wrapping, no stacked copies)', async () => {
    const out = join(work, 'narrow');
    const result = await runCliInTerminal(
      ['measure', '--url', server.url, '--duration', '3', '--warmup', '0', '--assume-synced', '--out', out],
      40,
    );
    assert.equal(result.code, 0, result.terminal);
    const rewrites = progressRewrites(result.terminal);
    assert.ok(rewrites.length >= 3, JSON.stringify(result.terminal));
    for (const line of rewrites) assert.ok(line.length <= 39, `${line.length} columns: ${line}`);
    assert.ok(rewrites.some((l) => l.startsWith('00:0')));
  });

  it('a bad flag names it', async () => {
    const result = await cli(['--url', server.url, '--duration', 'soon']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--duration/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('--assert: the verdict goes into summary.json (ok, breaches) and a breach exits 1; no samples is a breach', async () => {
    const out = join(work, 'assert');
    const result = await cli([
      '--url',
      server.url,
      '--duration',
      '3s',
      '--warmup',
      '1s',
      '--out',
      out,
      '--assume-synced',
      '--assert',
      'capture_to_last_byte: p(95)<1h',
      '--assert',
      'capture_to_display: p(95)<1s',
      '--warn',
      'stalls: count<0',
    ]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ capture_to_last_byte: p\(95\)<1h/);
    assert.match(result.stdout, /✗ capture_to_display: p\(95\)<1s .*no samples from any client/);
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.equal(read.summary?.ok, false);
    assert.deepEqual(read.summary?.assertions, [
      'capture_to_last_byte: p(95)<1h',
      'capture_to_display: p(95)<1s',
      'stalls: count<0',
    ]);
    assert.deepEqual(
      read.summary?.breaches?.map((b) => [b.kind, b.level, b.client, b.observed]),
      [
        ['assertion', 'error', null, null],
        ['assertion', 'warn', 'node', 0],
      ],
    );
  });

  it('--assert that holds exits 0 with ok: true; one that does not parse exits 2 before measuring', async () => {
    const out = join(work, 'assert-ok');
    const ok = await cli([
      '--url',
      server.url,
      '--duration',
      '2s',
      '--warmup',
      '0s',
      '--out',
      out,
      '--assume-synced',
      '--assert',
      'errors: count==0',
      '--json',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const printed = JSON.parse(ok.stdout) as RunSummary;
    assert.equal(printed.ok, true);
    assert.deepEqual(printed.breaches, []);
    assert.deepEqual((await readRun(out)).summary, printed);
    const bad = await cli([
      '--url',
      server.url,
      '--out',
      join(work, 'never'),
      '--assert',
      'capture_to_display: p(95)<500',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^llhls: --assert 'capture_to_display: p\(95\)<500': give the limit a unit/);
    assert.equal(existsSync(join(work, 'never')), false);
  });
});
