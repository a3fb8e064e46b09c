import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { CLOCK_REPORT_SCHEMA, type ClockReport, checkClock } from '../../../src/clock/clock-check.js';
import { buildProxyOptions } from '../../../src/proxy/proxy-options.js';
import { PROXY_RESULT_SCHEMA, type ProxyResult, runProxy } from '../../../src/proxy/proxy-session.js';
import { schemasDir } from '../../../src/run/run-schemas.js';
import { decideAdvertised } from '../../../streamer/packager/packager-options.js';
import { runServe, SERVE_RESULT_SCHEMA, type ServeResult } from '../../../streamer/serve-session.js';
import type { StreamerOptions } from '../../../streamer/streamer-options.js';
import { closed } from '../../helpers/closed-schema.js';
import { type SkewedTimeServer, startSkewedTimeServer } from '../../helpers/skewed-time-server.js';
import { CHRONY_FIXTURES, fakeChronyc, fakeTool } from '../src/clock/chrony-fixtures.js';

const MISSING = '/nonexistent/llhls-test/tool';
const TS_FIXTURE = new URL('../../fixtures/mpegts/h264-aac.mpegts', import.meta.url).pathname;

const loadSchema = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(schemasDir(), file), 'utf8')) as Record<string, unknown>;

function validators(file: string): { strict: ValidateFunction; open: ValidateFunction } {
  const ajv = () => new Ajv2020({ allErrors: true, strict: true });
  return { strict: ajv().compile(closed(loadSchema(file)) as object), open: ajv().compile(loadSchema(file)) };
}

/** What `--json` prints: NaN and Infinity become null, undefined fields vanish. */
const printed = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  assert.ok(validate(value), `${what}: ${JSON.stringify(validate.errors)}`);
}

function assertEachKeyRequired(validate: ValidateFunction, value: Record<string, unknown>): void {
  for (const key of Object.keys(value)) {
    const partial = { ...value };
    delete partial[key];
    assert.equal(validate(partial), false, `without ${key} passed`);
  }
}

describe('clock-report.schema.json (llhls clock --json)', () => {
  const { strict, open } = validators('clock-report.schema.json');
  const synced = fakeChronyc('synchronised');
  const unsynced = fakeChronyc('unsynchronised');
  const timedatectl = fakeTool(
    'timedatectl',
    readFileSync(join(CHRONY_FIXTURES, 'timedatectl', 'constructed-synchronised.stdout'), 'utf8'),
    0,
  );
  let skewed: SkewedTimeServer;
  let silent: SkewedTimeServer;
  const reports: ClockReport[] = [];
  before(async () => {
    skewed = await startSkewedTimeServer({ shiftMs: 250 });
    // Neither /time nor a Date header: the offset is assumed, with a note.
    silent = await startSkewedTimeServer({ shiftMs: 0, time: false, date: false });
    const noTools = { chronycPath: MISSING, timedatectlPath: MISSING };
    reports.push(
      await checkClock({ ...noTools, url: skewed.origin, probes: 3, maxOffsetMs: 1, maxUncertaintyMs: 1e-4 }),
      await checkClock({ ...noTools, url: silent.origin, probes: 2, maxOffsetMs: 5 }),
      await checkClock({ ...noTools, maxOffsetMs: 5 }),
      await checkClock({ chronycPath: synced.path, timedatectlPath: MISSING, maxOffsetMs: 0 }),
      await checkClock({ chronycPath: unsynced.path, timedatectlPath: MISSING }),
      await checkClock({ chronycPath: MISSING, timedatectlPath: timedatectl.path }),
    );
  });
  after(async () => {
    await Promise.all([skewed?.close(), silent?.close()]);
    for (const fake of [synced, unsynced, timedatectl]) fake.dispose();
  });

  it('carries the version in $id and in the schema field', () => {
    assert.match(
      String(loadSchema('clock-report.schema.json')['$id']),
      new RegExp(`${CLOCK_REPORT_SCHEMA}$`),
    );
    assert.ok(reports.every((r) => r.schema === CLOCK_REPORT_SCHEMA));
  });

  it('accepts real reports of every local source and breach kind, and no field the types lack', () => {
    assert.deepEqual([...new Set(reports.map((r) => r.local.source))].sort(), [
      'chrony',
      'timedatectl',
      'unknown',
    ]);
    assert.deepEqual([...new Set(reports.flatMap((r) => r.breaches.map((b) => b.kind)))].sort(), [
      'local-bound',
      'local-unsynchronised',
      'offset',
      'offset-unknown',
      'uncertainty',
    ]);
    assert.deepEqual([...new Set(reports.map((r) => r.server?.method ?? null))].sort(), [
      'assumed',
      'http-time',
      null,
    ]);
    assert.ok(reports.some((r) => (r.local.chrony?.sources.length ?? 0) > 0));
    for (const report of reports) {
      const value = printed(report);
      assertValid(strict, value, report.local.words);
      assert.equal(strict({ ...value, undeclared: 1 }), false, 'the root is not closed in this test');
    }
  });

  it('requires every field of the report', () => {
    assertEachKeyRequired(open, printed(reports[0]));
    assertEachKeyRequired(open, printed(reports[0]).local as Record<string, unknown>);
  });

  it('rejects a report with a wrong version, type or enum value', () => {
    const good = printed(reports[0]);
    assert.equal(open({ ...good, schema: 'llhls.clock/2' }), false);
    assert.equal(open({ ...good, ok: 'yes' }), false);
    assert.ok(open.errors?.some((e) => e.instancePath === '/ok'));
    assert.equal(open({ ...good, local: { ...(good.local as object), source: 'ntpd' } }), false);
    const breach = { kind: 'drift', valueMs: 1, limitMs: 1, message: 'x' };
    assert.equal(open({ ...good, breaches: [breach] }), false);
    assert.equal(open({ ...good, server: { ...(good.server as object), method: 'ntp' } }), false);
  });
});

describe('serve-result.schema.json (llhls serve --json)', () => {
  const { strict, open } = validators('serve-result.schema.json');
  let first: ServeResult | null = null;
  let final: ServeResult;
  before(async () => {
    // The real session without FFmpeg: a recorded MPEG-TS through `--input -`'s byte-stream
    // source, every optional configuration field set so the closed schema sees them all.
    const input = new PassThrough();
    input.end(readFileSync(TS_FIXTURE));
    const options: StreamerOptions = {
      source: { kind: 'stream', stream: input, label: 'stdin' },
      width: 640,
      height: 360,
      frameRate: 30,
      bitrateKbps: 800,
      segmentDuration: 1,
      partDuration: 0.1,
      parts: true,
      partHoldBack: 0.3,
      windowSegments: 10,
      hintStreaming: false,
      audio: true,
      host: '127.0.0.1',
      port: 0,
      ffmpeg: MISSING,
      publicUrl: 'http://127.0.0.1:8443/live/',
      extraRoutes: {},
      backoff: { initialMs: 200, maxMs: 1000, healthyMs: 5000 },
      fontFile: null,
    };
    const abort = new AbortController();
    final = await runServe(options, {
      signal: abort.signal,
      statusIntervalMs: 0,
      log: () => {},
      ready: (result) => {
        first = printed(result) as unknown as ServeResult;
        // Stop once the whole input is in (the streamer's own 'end' handler runs first). The
        // input may already have ended while the origin started listening.
        if (input.readableEnded) abort.abort();
        else input.once('end', () => abort.abort());
      },
    });
  });

  it('carries the version in $id and in the schema field', () => {
    assert.match(
      String(loadSchema('serve-result.schema.json')['$id']),
      new RegExp(`${SERVE_RESULT_SCHEMA}$`),
    );
    assert.equal(final.schema, SERVE_RESULT_SCHEMA);
  });

  it('accepts both documents runServe reports, and no field the types lack', () => {
    assert.ok(first !== null, 'ready was not called');
    assert.equal(first.status, null);
    assert.ok(final.status !== null && final.status.packager.parts > 0, 'nothing was packaged');
    assert.ok(final.advertised !== null);
    assert.equal(final.configuration.source, '-');
    assert.equal(final.links.playlist, 'http://127.0.0.1:8443/live/playlist.m3u8');
    for (const [what, value] of [
      ['ready', printed(first)],
      ['exit', printed(final)],
    ] as const) {
      assertValid(strict, value, what);
      assert.equal(strict({ ...value, undeclared: 1 }), false, 'the root is not closed in this test');
    }
    assert.equal('extraRoutes' in final.configuration, false);
  });

  it('accepts a --no-parts, TLS result (the packager decides its advertised values; typed here)', () => {
    const result: ServeResult = {
      ...final,
      configuration: { ...final.configuration, parts: false, tls: 'self-signed', source: 'test' },
      advertised: decideAdvertised(
        { segmentTarget: 1, partTarget: 0.1, parts: false, captureTime: (pts) => pts },
        3000,
      ),
      status: final.status && { ...final.status, lastPart: null },
    };
    assertValid(strict, printed(result), 'no-parts');
  });

  it('requires every field, and rejects a wrong version, enum or count', () => {
    const good = printed(final);
    assertEachKeyRequired(open, good);
    assertEachKeyRequired(open, good.status as Record<string, unknown>);
    assert.equal(open({ ...good, schema: 'llhls.serve/2' }), false);
    assert.equal(open({ ...good, configuration: { ...(good.configuration as object), tls: 'on' } }), false);
    const status = good.status as Record<string, unknown>;
    const packager = { ...(status.packager as object), parts: -1 };
    assert.equal(open({ ...good, status: { ...status, packager } }), false);
    assert.ok(open.errors?.some((e) => e.instancePath === '/status/packager/parts'));
  });
});

describe('proxy-result.schema.json (llhls proxy --json)', () => {
  const { strict, open } = validators('proxy-result.schema.json');
  let first: ProxyResult | null = null;
  let final: ProxyResult;
  before(async () => {
    // The real session with every impairment field and a profile set, so the closed schema
    // sees them all, and one connection through it so the statistics count something.
    const origin = createHttpServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    const port = (origin.address() as AddressInfo).port;
    const options = buildProxyOptions({
      target: `http://127.0.0.1:${port}/playlist.m3u8`,
      listen: '127.0.0.1:0',
      latency: '20ms',
      jitter: '5ms',
      bandwidth: '10mbit',
      upload: '1mbit',
      loss: '0.1%',
      'slow-close': '1ms',
      timeout: '10s',
      'reset-peer': '10s',
      slicer: 1000,
      'slicer-variation': 10,
      'slicer-delay': '0ms',
      toxicity: '0%',
      profile: 'fast-jitters',
      seed: 7,
    });
    const abort = new AbortController();
    final = await runProxy(options, {
      signal: abort.signal,
      statusIntervalMs: 0,
      log: () => {},
      ready: (result) => {
        first = printed(result) as unknown as ProxyResult;
        fetch(result.url).then(
          (res) => res.text().then(() => abort.abort()),
          () => abort.abort(),
        );
      },
    });
    origin.closeAllConnections();
    origin.close();
  });

  it('carries the version in $id and in the schema field', () => {
    assert.match(
      String(loadSchema('proxy-result.schema.json')['$id']),
      new RegExp(`${PROXY_RESULT_SCHEMA}$`),
    );
    assert.equal(final.schema, PROXY_RESULT_SCHEMA);
  });

  it('accepts both documents runProxy reports, and no field the types lack', () => {
    assert.ok(first !== null, 'ready was not called');
    assert.equal(first.status, null);
    assert.ok(final.status !== null && final.status.bytes.down > 0, 'nothing went through');
    assert.equal(final.status.profile?.name, 'fast-jitters');
    for (const [what, value] of [
      ['ready', printed(first)],
      ['exit', printed(final)],
    ] as const) {
      assertValid(strict, value, what);
      assert.equal(strict({ ...value, undeclared: 1 }), false, 'the root is not closed in this test');
    }
  });

  it('requires every field, and rejects a wrong version or a toxic without its timer', () => {
    const good = printed(final);
    assertEachKeyRequired(open, good);
    assert.equal(open({ ...good, schema: 'llhls.proxy/2' }), false);
    const impairment = good['impairment'] as Record<string, unknown>;
    assert.equal(
      open({ ...good, impairment: { ...impairment, resetPeer: { toxicity: 1, stream: 'downstream' } } }),
      false,
    );
    assert.equal(open({ ...good, impairment: { ...impairment, loss: 2 } }), false);
  });
});
