import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { runMeasure } from '../../../../src/measure/measure-session.js';
import { serverClockProbe as probeTime } from '../../../../src/measure/server-clock.js';
import { distribution } from '../../../../src/metrics/percentiles.js';
import type { ClientOutcome, MeasureContext } from '../../../../src/run/measure-client.js';
import { readRun } from '../../../../src/run/run-reader.js';
import type { ClockOffset, MediaSample } from '../../../../src/run/types.js';
import { PollingClient, startTinyStream, type TinyStream } from './tiny-stream.js';

/** The tiny stream runs on loopback: tests of the offset itself take it as another host. */
const remote = async (): Promise<null> => null;

/** A polling client that reports, after `afterMs`, that the server is gone (as the node client). */
class GivingUpClient extends PollingClient {
  constructor(readonly afterMs: number) {
    super();
  }

  override async run(ctx: MeasureContext): Promise<ClientOutcome> {
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(), this.afterMs);
    const outcome = await super.run({ ...ctx, signal: AbortSignal.any([ctx.signal, own.signal]) });
    clearTimeout(timer);
    return { ...outcome, failure: { code: 'LLHLS_SERVER_GONE', message: 'the server stopped answering' } };
  }
}

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'llhls-measure-session-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const c2lb = (samples: readonly { type: string }[]): number[] =>
  samples.filter((s): s is MediaSample => s.type === 'media').map((s) => s.capture_to_last_byte as number);

describe('runMeasure', () => {
  let stream: TinyStream;
  before(async () => {
    stream = await startTinyStream();
    // The first fetch of a process loads its HTTP stack (~0.2-0.3 s): not in the first run's warm-up.
    await (await fetch(stream.url)).text();
  });
  after(() => stream.close());

  it('writes a complete, schema-valid run whose summary matches samples.jsonl', async () => {
    const lines: string[] = [];
    const result = await runMeasure(
      {
        url: stream.url,
        clients: [new PollingClient()],
        durationMs: 2000,
        warmupMs: 600,
        runsRoot: root,
        label: 'complete',
      },
      { measureClock: probeTime, progress: { isTTY: false, write: (t) => lines.push(t) } },
    );
    assert.match(result.info.id, /^\d{8}-\d{6}-complete$/);
    const read = await readRun(result.dir);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'complete');
    assert.equal(read.info?.signal, null);
    assert.deepEqual(read.info?.tls, { insecure: false, ca: null });
    // On loopback: one clock, offset 0, nothing to re-measure and no drift to warn of.
    const before = read.info?.clock.before;
    assert.deepEqual([before?.method, before?.offsetMs, before?.uncertaintyMs], ['same-host', 0, 0]);
    assert.match(
      before?.note ?? '',
      /on this host \(127\.0\.0\.1\): one clock, offset 0 \(the http-time probe agreed/,
    );
    assert.equal(read.info?.clock.after, null);
    assert.equal(read.info?.clock.driftMs, null);
    assert.deepEqual(read.info?.clock.warnings, []);
    assert.deepEqual(read.info?.stream?.['source'], 'test');
    assert.deepEqual(read.summary, result.summary);
    // Recompute from the file: same warm-up cut, same nearest-rank percentiles.
    const warmupEndsAt = read.summary?.clients[0]?.warmupEndsAt as number;
    assert.equal(warmupEndsAt, (read.info?.startedAt as number) + 600);
    const kept = c2lb(read.samples.filter((s) => s.t >= warmupEndsAt));
    assert.ok(kept.length >= 5, `only ${kept.length} samples after warm-up`);
    const metric = read.summary?.clients[0]?.metrics.find((m) => m.metric === 'capture_to_last_byte');
    const { count, min, mean, p50, p90, p95, p99, max } = metric!;
    assert.deepEqual({ count, min, mean, p50, p90, p95, p99, max }, distribution(kept));
    assert.ok(c2lb(read.samples).length > kept.length, 'warm-up dropped nothing');
  });

  it('measures the offset before and after the run against another host, and its drift', async () => {
    const result = await runMeasure(
      { url: stream.url, clients: [new PollingClient()], durationMs: 500, warmupMs: 0, runsRoot: root },
      { measureClock: probeTime, sameHost: remote },
    );
    assert.equal(result.info.clock.before.method, 'http-time');
    assert.equal(result.info.clock.after?.method, 'http-time');
    assert.equal(typeof result.info.clock.driftMs, 'number');
  });

  it('stops on abort and writes the run with status interrupted, naming the signal', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort('SIGTERM'), 700);
    const result = await runMeasure(
      {
        url: stream.url,
        clients: [new PollingClient()],
        durationMs: 30_000,
        warmupMs: 0,
        runsRoot: root,
        label: 'abort',
      },
      { measureClock: probeTime, signal: abort.signal },
    );
    assert.ok(Date.now() - started < 5000);
    const read = await readRun(result.dir);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'interrupted');
    assert.equal(read.info?.signal, 'SIGTERM');
    assert.equal(read.summary?.status, 'interrupted');
    assert.ok(
      read.summary?.warnings.includes(
        'the run was interrupted by SIGTERM before its duration: figures cover what was measured',
      ),
    );
    assert.ok(read.samples.length > 0);
    assert.equal(read.info?.clock.after, null);
  });

  it('a client that reports the server gone: status failed, the cause in run.json and once in the warnings', async () => {
    const result = await runMeasure(
      {
        url: stream.url,
        clients: [new GivingUpClient(400)],
        durationMs: 30_000,
        warmupMs: 0,
        runsRoot: root,
        label: 'gone',
      },
      { measureClock: probeTime },
    );
    const read = await readRun(result.dir);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'failed');
    assert.equal(read.info?.error, 'LLHLS_SERVER_GONE: the server stopped answering');
    assert.equal(read.summary?.warnings.filter((w) => w.includes('stopped answering')).length, 1);
    assert.ok(read.samples.length > 0);
  });

  it('--warmup not shorter than --duration: one line naming both', async () => {
    await assert.rejects(
      runMeasure(
        { url: stream.url, clients: [new PollingClient()], durationMs: 5000, warmupMs: 5000, runsRoot: root },
        { measureClock: probeTime },
      ),
      (e: unknown) =>
        e instanceof LlhlsError &&
        e.exitCode === 2 &&
        /^--warmup \(5 s\) must be shorter than --duration \(5 s\): nothing would be left/.test(e.message),
    );
  });

  it('a signal during the clock probe: exit code 128 + the signal and no run', async () => {
    const runs = join(root, 'early');
    const abort = new AbortController();
    abort.abort('SIGHUP');
    await assert.rejects(
      runMeasure(
        { url: stream.url, clients: [new PollingClient()], durationMs: 1000, warmupMs: 0, runsRoot: runs },
        {
          measureClock: probeTime,
          signal: abort.signal,
        },
      ),
      (e: unknown) =>
        e instanceof LlhlsError &&
        e.code === 'LLHLS_INTERRUPTED' &&
        e.exitCode === 129 &&
        e.message === 'interrupted by SIGHUP before the run started: nothing was measured',
    );
    assert.equal(existsSync(runs), false);
  });

  it('leaves no run behind when the URL is unreachable', async () => {
    const gone = await startTinyStream();
    const url = gone.url;
    await gone.close();
    const runs = join(root, 'unreachable');
    await assert.rejects(
      runMeasure(
        {
          url,
          clients: [new PollingClient()],
          durationMs: 1000,
          warmupMs: 0,
          runsRoot: runs,
          assumeSynced: true,
        },
        {},
      ),
      (e: unknown) => e instanceof LlhlsError && e.code === 'LLHLS_UNREACHABLE',
    );
    assert.deepEqual(await readdir(runs), []);
  });

  it('still writes the run when the server goes away mid-run, with the errors', async () => {
    const dying = await startTinyStream();
    setTimeout(() => void dying.close(), 600);
    const result = await runMeasure(
      {
        url: dying.url,
        clients: [new PollingClient()],
        durationMs: 1200,
        warmupMs: 0,
        runsRoot: root,
        label: 'dying',
      },
      { measureClock: probeTime, sameHost: remote },
    );
    const read = await readRun(result.dir);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'complete');
    assert.ok(read.samples.some((s) => s.type === 'media'));
    assert.ok((read.summary?.clients[0]?.errors ?? 0) > 0);
    assert.ok(
      read.info?.clock.warnings.some((w) => w.startsWith('clock offset not re-measured after the run')),
    );
  });

  it('warns when the offset is uncertain or drifts beyond --max-clock-uncertainty', async () => {
    let calls = 0;
    // The real probe, then the second answer moved by 8 ms as if a clock had stepped.
    const drifting = async (url: string, o: Parameters<typeof probeTime>[1]): Promise<ClockOffset> => {
      const offset = await probeTime(url, o);
      calls += 1;
      return calls === 1 ? { ...offset, uncertaintyMs: 12 } : { ...offset, offsetMs: offset.offsetMs + 8 };
    };
    const result = await runMeasure(
      {
        url: stream.url,
        clients: [new PollingClient()],
        durationMs: 400,
        warmupMs: 0,
        runsRoot: root,
        maxClockUncertaintyMs: 5,
      },
      { measureClock: drifting, sameHost: remote },
    );
    const warnings = result.summary.warnings;
    assert.ok(warnings.some((w) => w.startsWith('clock offset uncertainty 12.0 ms before the run')));
    assert.ok(warnings.some((w) => w.startsWith('clock offset drifted')));
    assert.ok((result.summary.clock.driftMs ?? 0) >= 7);
  });
});

describe('runMeasure against a server whose clock is 250 ms ahead', () => {
  let skewed: TinyStream;
  before(async () => {
    skewed = await startTinyStream({ skewMs: 250, captureAgeMs: 100 });
  });
  after(() => skewed.close());

  it('measures the offset and reports latencies corrected by the shift', async () => {
    const result = await runMeasure(
      {
        url: skewed.url,
        clients: [new PollingClient()],
        durationMs: 1200,
        warmupMs: 0,
        runsRoot: root,
        label: 'skew',
      },
      { measureClock: probeTime },
    );
    const offset = result.info.clock.before.offsetMs;
    assert.ok(Math.abs(offset + 250) < 2, `offset ${offset} ms, expected -250 ± 2`);
    // Its address is this host's, its clock is not: measured, and the run says why.
    assert.equal(result.info.clock.before.method, 'http-time');
    // The note states the measured offset (-249.9 is as right as -250.1: the regex once took only -25x).
    const stated = /is on this host, but its clock is (-?\d+\.\d) ms away/.exec(
      result.info.clock.before.note ?? '',
    );
    assert.ok(stated !== null, result.info.clock.before.note ?? 'no note');
    assert.equal(stated[1], offset.toFixed(1));
    const metric = result.summary.clients[0]?.metrics.find((m) => m.metric === 'capture_to_last_byte');
    // Parts are captured 100 ms before they are published and fetched within ~one poll after.
    assert.ok(metric !== undefined && metric.min >= 95 && metric.p50 < 300, JSON.stringify(metric));
  });

  it('is off by the shift when the clocks are assumed synchronised', async () => {
    const result = await runMeasure(
      {
        url: skewed.url,
        clients: [new PollingClient()],
        durationMs: 800,
        warmupMs: 0,
        runsRoot: root,
        assumeSynced: true,
      },
      {},
    );
    assert.equal(result.info.clock.before.method, 'assumed');
    const metric = result.summary.clients[0]?.metrics.find((m) => m.metric === 'capture_to_last_byte');
    assert.ok(metric !== undefined && metric.p50 < 0, JSON.stringify(metric));
    assert.ok(result.summary.warnings.some((w) => w.includes('--assume-synced')));
  });
});
