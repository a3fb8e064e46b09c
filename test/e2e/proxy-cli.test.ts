/**
 * `llhls proxy` as a user runs it (the compiled CLI) in front of `llhls serve` (real FFmpeg),
 * and `llhls measure` playing through it with both clients, Node and Chromium, beside a direct
 * measurement of the same stream at the same time.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProxyResult } from '../../src/proxy/proxy-session.js';
import { readRun } from '../../src/run/run-reader.js';
import type { RunSummary } from '../../src/run/types.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'run.js');
const LATENCY_MS = 60;

interface Running {
  child: ChildProcess;
  /** Every JSON document printed on stdout so far. */
  documents: ProxyResult[];
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts `llhls proxy ARGS --json`; resolves once it printed its first document. */
async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'proxy', ...args, '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const documents: ProxyResult[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON printed: ${stdout} ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      // oclif prints each document indented, closing with a `}` alone on its line.
      let end = stdout.indexOf('\n}\n');
      while (end >= 0) {
        documents.push(JSON.parse(stdout.slice(0, end + 2)) as ProxyResult);
        stdout = stdout.slice(end + 3);
        end = stdout.indexOf('\n}\n');
      }
      if (documents.length > 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exit.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, documents, stderr: () => stderr, exit };
}

function measure(url: string, out: string, client: string, seconds: number): Promise<RunSummary> {
  const result = spawn(
    process.execPath,
    [
      BIN,
      'measure',
      '--url',
      url,
      '--client',
      client,
      '--duration',
      `${seconds}s`,
      '--warmup',
      '3s',
      '--assume-synced',
      '--out',
      out,
      '--json',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  result.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  result.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) =>
    result.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as RunSummary)
        : reject(new Error(`measure exited ${code}: ${stderr}`)),
    ),
  );
}

const p50 = (summary: RunSummary, client: string, metric: string): number => {
  const value = summary.clients
    .find((c) => c.client === client)
    ?.metrics.find((m) => m.metric === metric)?.p50;
  assert.ok(typeof value === 'number', `${client} ${metric} in ${JSON.stringify(summary.clients)}`);
  return value;
};

let serve: TestServe;
let work: string;

before(async () => {
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  serve = await startTestServe();
  work = await mkdtemp(join(tmpdir(), 'llhls-proxy-cli-'));
});

after(async () => {
  await serve?.close();
  await rm(work, { recursive: true, force: true });
});

describe('llhls proxy (CLI)', () => {
  it('serves the stream through the impairment; both clients measure it; Ctrl-C reports and exits 0', async () => {
    const proxy = await startCli(['--target', serve.url, '--latency', `${LATENCY_MS}ms`, '--seed', '3']);
    try {
      const ready = proxy.documents[0] as ProxyResult;
      assert.equal(ready.schema, 'llhls.proxy/1');
      assert.equal(ready.status, null);
      assert.equal(ready.seed, 3);
      assert.equal(ready.impairment.latencyMs, LATENCY_MS);
      assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+\/playlist\.m3u8$/);
      assert.notEqual(ready.url, serve.url);

      // The Node client through the proxy and straight to the origin, at the same time (the
      // same machine load on both): every protocol finding still passes through the proxy, and
      // each part arrives later by at least the one-way delay and at most a round trip and a half
      // (a part fetched after the playlist names it pays a whole request).
      const [via, direct] = await Promise.all([
        measure(ready.url, join(work, 'via'), 'node', 8),
        measure(serve.url, join(work, 'direct'), 'node', 8),
      ]);
      assert.deepEqual(
        via.findings.filter((f) => f.status === 'fail'),
        [],
      );
      const added = p50(via, 'node', 'capture_to_last_byte') - p50(direct, 'node', 'capture_to_last_byte');
      assert.ok(added >= LATENCY_MS / 2 - 5 && added <= 1.5 * LATENCY_MS + 40, `node: ${added} ms added`);
      // Chromium plays it through the proxy too, frame by frame (alone: its decoding would load
      // the Node client's measurement above).
      const browser = await measure(ready.url, join(work, 'browser'), 'browser', 15);
      const display = p50(browser, 'browser', 'capture_to_display');
      assert.ok(display > LATENCY_MS / 2, `browser capture_to_display p50 ${display}`);
      const frames = (await readRun(join(work, 'browser'))).samples.filter((s) => s.type === 'frame').length;
      assert.ok(frames > 60, `${frames} frames`);

      process.kill(proxy.child.pid as number, 'SIGINT');
      assert.equal(await proxy.exit, 0, proxy.stderr());
      const final = proxy.documents.at(-1) as ProxyResult;
      assert.equal(proxy.documents.length, 2);
      assert.ok(final.status !== null && final.status.connections.total >= 3, JSON.stringify(final.status));
      assert.ok(
        final.status.bytes.down > 100_000 && final.status.bytes.up > 1000,
        JSON.stringify(final.status.bytes),
      );
      assert.match(proxy.stderr(), /impairment: latency 60ms/);
    } finally {
      proxy.child.kill('SIGKILL');
    }
  });

  it('runs a built-in profile time-scaled, logging each step; warns when not on loopback', async () => {
    const proxy = await startCli([
      '--target',
      serve.url,
      '--profile',
      'spike',
      '--profile-time-scale',
      '0.02',
      '--listen',
      '0.0.0.0:0',
      '--status-interval',
      '0',
    ]);
    try {
      assert.equal(proxy.documents[0]?.profile?.steps.length, 3);
      assert.match(proxy.documents[0]?.warnings[0] ?? '', /listening on 0\.0\.0\.0/);
      await new Promise((r) => setTimeout(r, 700));
      process.kill(proxy.child.pid as number, 'SIGINT');
      assert.equal(await proxy.exit, 0);
      const lines = proxy.stderr().split('\n');
      assert.ok(
        lines.some((l) => l.startsWith('warning: listening on 0.0.0.0')),
        proxy.stderr(),
      );
      assert.ok(
        lines.some((l) => l === 'spike step 2/3 for 200ms: down 307.2kbit, up 307.2kbit'),
        proxy.stderr(),
      );
      assert.ok(lines.filter((l) => l.startsWith('spike step 1/3')).length >= 2, 'it looped');
    } finally {
      proxy.child.kill('SIGKILL');
    }
  });

  it('warns when the origin does not answer, and keeps running', async () => {
    const proxy = await startCli(['--target', 'http://127.0.0.1:1/live.m3u8', '--status-interval', '0']);
    try {
      assert.deepEqual(proxy.documents[0]?.warnings, [
        'the origin 127.0.0.1:1 does not answer (ECONNREFUSED): clients are reset until it does',
      ]);
      process.kill(proxy.child.pid as number, 'SIGINT');
      assert.equal(await proxy.exit, 0);
    } finally {
      proxy.child.kill('SIGKILL');
    }
  });

  for (const [args, needle] of [
    [
      ['--bandwidth', '2mbps'],
      "--bandwidth expects a rate such as 2mbit, 500kbit or 1.5gbit (bits per second; 0: nothing passes); received '2mbps' ('mbps' means bits to some and bytes to others: write 2mbit for bits per second)",
    ],
    [
      ['--latency', '50 msec'],
      "--latency expects a duration such as 30, 250ms, 1.5s, 2m or 1m30s (a bare number is seconds); received '50 msec'",
    ],
    [['--profile', 'missing.yaml'], 'missing.yaml cannot be read (ENOENT)'],
    [['--loss', '1'], "--loss expects a percentage from 0% to 100% such as 1% or 0.5%; received '1'"],
  ] as const) {
    it(`refuses ${args.join(' ')} in one line, exit 2`, () => {
      const result = spawnSync(process.execPath, [BIN, 'proxy', '--target', serve.url, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(result.status, 2, result.stderr);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.ok(lines[0]?.startsWith('llhls: ') && lines[0].includes(needle), lines[0]);
    });
  }
});
