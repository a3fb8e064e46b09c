import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeClient } from '../../src/client/node-client.js';
import type { ClientOutcome, MeasureContext } from '../../src/run/measure-client.js';
import { describeSchemaErrors, runValidators } from '../../src/run/run-schemas.js';
import type { Finding, MediaSample, Sample } from '../../src/run/types.js';
import { startFakeLlHls, startFfmpegHls, type TestHlsServer } from '../helpers/hls-servers.js';

interface Run {
  outcome: ClientOutcome;
  samples: Sample[];
}

async function measure(
  server: TestHlsServer,
  durationMs: number,
  options: ConstructorParameters<typeof NodeClient>[0] = {},
  during?: () => void,
): Promise<Run> {
  const samples: Sample[] = [];
  const ctx: MeasureContext = {
    url: server.url,
    durationMs,
    signal: new AbortController().signal,
    toServerTime: (t) => t, // same machine, same clock
    emit: (s) => samples.push(s),
    log: () => {},
  };
  const running = new NodeClient(options).run(ctx);
  during?.();
  return { outcome: await running, samples };
}

const byId = (findings: Finding[]): Record<string, string> =>
  Object.fromEntries(findings.map((f) => [f.id, f.status]));
const mediaOf = (samples: Sample[]): MediaSample[] =>
  samples.filter((s): s is MediaSample => s.type === 'media');

describe('Node client against a correct LL-HLS server', () => {
  it('plays parts over blocking reloads and hints, and every finding passes', async () => {
    const server = await startFakeLlHls();
    try {
      const { outcome, samples } = await measure(server, 4000);
      const statuses = byId(outcome.findings);
      assert.deepEqual(
        Object.entries(statuses).filter(([, s]) => s !== 'pass'),
        [],
        JSON.stringify(outcome.findings.filter((f) => f.status !== 'pass')),
      );
      assert.equal(outcome.findings.length, 15);
      assert.ok((outcome.counters['blockingReloads'] ?? 0) >= 5);
      assert.ok((outcome.counters['hintRequests'] ?? 0) >= 5);
      assert.ok((outcome.counters['deltaUpdates'] ?? 0) >= 1, 'delta updates asked for and merged');
      assert.equal(outcome.counters['errors'], 0);
      assert.equal(outcome.counters['partDurationMaxMs'], 200);
      assert.match(outcome.summary?.lowLatency?.verdict ?? '', /parts, blocking reloads and preload hints/);
      const parts = mediaOf(samples).filter((m) => m.kind === 'part');
      assert.ok(parts.length >= 10);
      for (const m of parts) {
        assert.equal(m.captureSource, 'timestamps');
        assert.ok(
          m.publish !== null && m.capture !== null && m.delivery !== null && m.capture_to_last_byte !== null,
        );
        // Consistent with timestamps.json: a part's last byte comes after it was published...
        assert.ok(m.delivery >= -1, `delivery ${m.delivery}`);
        // ...so capture to last byte is at least what the server took to publish it.
        assert.ok(m.capture_to_last_byte >= m.publish - m.capture - 1);
        assert.ok((m.capture_to_first_byte ?? 0) <= m.capture_to_last_byte);
      }
      const hinted = parts.filter((m) => m.hinted);
      assert.ok(hinted.every((m) => m.transfer === 'whole'));
      const holds = samples.filter((s) => s.type === 'playlist' && s.request.msn !== null);
      assert.ok(
        holds.some((s) => s.type === 'playlist' && (s.playlist_hold ?? 0) > 50),
        'requests were held',
      );
      assert.ok(samples.some((s) => s.type === 'playout' && s.estimated_display !== null));
      assert.ok(samples.some((s) => s.type === 'player'));
      assert.ok(samples.some((s) => s.type === 'event' && s.name === 'too-far-ahead-probe'));
      // Every sample is a valid samples.jsonl line.
      const validate = runValidators().sample;
      for (const sample of samples) {
        assert.ok(
          validate(sample),
          `${JSON.stringify(sample)}: ${describeSchemaErrors(validate.errors).join('; ')}`,
        );
      }
    } finally {
      await server.close();
    }
  });

  it('reports hinted parts streamed while produced as chunked (warn)', async () => {
    const server = await startFakeLlHls({ hintTransfer: 'chunked' });
    try {
      const { outcome, samples } = await measure(server, 2500, { probeTooFarAhead: false });
      assert.equal(byId(outcome.findings)['hint-transfer'], 'warn');
      assert.equal(byId(outcome.findings)['too-far-ahead'], 'skip');
      assert.ok(mediaOf(samples).some((m) => m.hinted && m.transfer === 'chunked'));
    } finally {
      await server.close();
    }
  });

  it('runs N viewers with per-viewer counters', async () => {
    const server = await startFakeLlHls();
    try {
      const { outcome, samples } = await measure(server, 2500, { viewers: 4 });
      assert.equal(outcome.viewers?.length, 4);
      assert.deepEqual([...new Set(mediaOf(samples).map((m) => m.viewer))].sort(), [0, 1, 2, 3]);
      for (const v of outcome.viewers ?? []) assert.ok((v['parts'] ?? 0) > 0);
      assert.equal(outcome.counters['viewers'], 4);
      assert.equal(outcome.counters['errors'], 0);
    } finally {
      await server.close();
    }
  });
});

describe('Node client against a misbehaving LL-HLS server', () => {
  it('fails blocking reload, part duration, PDT and too-far-ahead', async () => {
    const server = await startFakeLlHls({
      misbehave: { ignoreBlocking: true, longParts: true, pdtJumps: true, farAhead200: true },
    });
    try {
      const { outcome } = await measure(server, 3500);
      const statuses = byId(outcome.findings);
      assert.equal(statuses['blocking-reload'], 'fail');
      assert.equal(statuses['part-duration'], 'fail');
      assert.equal(statuses['pdt-consistency'], 'fail');
      assert.equal(statuses['too-far-ahead'], 'fail');
      // What it does right still passes.
      assert.equal(statuses['uri-fetchable'], 'pass');
      assert.equal(statuses['media-sequence'], 'pass');
    } finally {
      await server.close();
    }
  });

  it('survives the server going away mid-run: error samples and backoff, no throw', async () => {
    const server = await startFakeLlHls();
    let closed: Promise<void> | null = null;
    const { outcome, samples } = await measure(server, 3000, {}, () => {
      setTimeout(() => {
        closed = server.close();
      }, 1000);
    });
    await closed;
    assert.ok(samples.some((s) => s.type === 'error'));
    assert.ok(samples.some((s) => s.type === 'event' && s.name === 'reload-backoff'));
    assert.ok((outcome.counters['errors'] ?? 0) > 0);
    // Gone at the end of the run: a failure, refused connections counted as connection errors.
    assert.equal(outcome.failure?.code, 'LLHLS_SERVER_GONE');
    assert.ok((outcome.counters['connectionErrors'] ?? 0) > 0);
    const status = byId(outcome.findings);
    assert.notEqual(status['hold-limit'], 'fail');
    assert.notEqual(status['uri-fetchable'], 'fail');
    const backoffs = samples.filter((s) => s.type === 'event' && s.name === 'reload-backoff').length;
    assert.ok(backoffs < 30, `backoff keeps retries few (${backoffs} in 2 s)`);
    const validate = runValidators().sample;
    assert.ok(
      samples.every((s) => validate(s)),
      describeSchemaErrors(validate.errors).join('; '),
    );
  });
});

describe('Node client against FFmpeg HLS (no parts, no blocking)', () => {
  it('measures whole segments by polling with PROGRAM-DATE-TIME capture', async () => {
    const server = await startFfmpegHls();
    try {
      const { outcome, samples } = await measure(server, 4500);
      const segments = mediaOf(samples);
      assert.ok(segments.length >= 3, `${segments.length} segments`);
      for (const m of segments) {
        assert.equal(m.kind, 'segment');
        assert.equal(m.status, 200);
        assert.equal(m.captureSource, 'program-date-time');
        assert.equal(m.publish, null);
        assert.equal(m.delivery, null);
        assert.ok(m.capture_to_last_byte !== null && m.bytes > 1000);
      }
      const playlists = samples.filter((s) => s.type === 'playlist');
      assert.ok(playlists.every((s) => s.type === 'playlist' && s.request.msn === null && !s.request.skip));
      assert.equal(outcome.counters['blockingReloads'], 0);
      assert.equal(outcome.counters['parts'], 0);
      assert.match(outcome.summary?.lowLatency?.verdict ?? '', /not low-latency/);
      const statuses = byId(outcome.findings);
      assert.equal(statuses['blocking-reload'], 'skip');
      assert.equal(statuses['pdt-consistency'], 'pass');
      assert.equal(statuses['media-sequence'], 'pass');
      assert.equal(statuses['uri-fetchable'], 'pass');
      // Reloads pace at about a segment (6.3.4), not in a tight loop.
      assert.ok((outcome.counters['playlistRequests'] ?? 0) <= 12);
      assert.ok(samples.some((s) => s.type === 'playout'));
      const validate = runValidators().sample;
      assert.ok(
        samples.every((s) => validate(s)),
        describeSchemaErrors(validate.errors).join('; '),
      );
    } finally {
      await server.close();
    }
  });
});
