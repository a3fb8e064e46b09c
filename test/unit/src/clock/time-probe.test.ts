import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { measureClockOffset } from '../../../../src/clock/time-probe.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import { startSkewedTimeServer } from '../../../helpers/skewed-time-server.js';

/** The server's clock is `shift` ahead, so the right answer (client minus server) is -shift. */
async function measureAgainst(
  shiftMs: number,
  options: Parameters<typeof startSkewedTimeServer>[0] = { shiftMs },
  path = '/live/stream.m3u8',
) {
  const server = await startSkewedTimeServer({ ...options, shiftMs });
  try {
    const offset = await measureClockOffset(`${server.origin}${path}`, { probes: 8 });
    return { offset, error: offset.offsetMs - -shiftMs, hits: server.hits };
  } finally {
    await server.close();
  }
}

describe('measureClockOffset over real loopback HTTP', () => {
  for (const shift of [250, -40]) {
    it(`/time on a server ${shift} ms off: within 2 ms of the shift, and within its own uncertainty`, async () => {
      const { offset, error, hits } = await measureAgainst(shift);
      assert.equal(offset.method, 'http-time');
      assert.equal(offset.probes, 8);
      // The probe's promise is its stated uncertainty (half the best round trip: well under 2 ms
      // on a quiet loopback, more when other work delays a probe, as in CI's parallel suites).
      assert.ok(
        offset.uncertaintyMs !== null && Math.abs(error) <= offset.uncertaintyMs,
        `error ${error} > ±${offset.uncertaintyMs}`,
      );
      assert.equal(offset.uncertaintyMs, (offset.bestRttMs ?? Number.NaN) / 2);
      // one warm-up request, discarded, then the probes; the playlist itself is never fetched
      assert.equal(hits.get('/time'), 9);
      assert.equal(hits.get('/live/stream.m3u8'), undefined);
    });
  }

  it('accepts an origin URL as well as a playlist URL', async () => {
    const { offset, error } = await measureAgainst(250, { shiftMs: 250 }, '');
    assert.equal(offset.method, 'http-time');
    assert.ok(Math.abs(error) <= (offset.uncertaintyMs ?? 0), `error ${error} > ±${offset.uncertaintyMs}`);
  });

  it('server-side processing time and jitter do not bias the estimate', async () => {
    const { error } = await measureAgainst(-40, { shiftMs: -40, processingDelayMs: 20, jitterMs: 15 });
    assert.ok(Math.abs(error) <= 2, `error ${error} ms`);
  });

  it('an asymmetric path (slow answer) biases it, but within the stated uncertainty', async () => {
    const { offset, error } = await measureAgainst(250, { shiftMs: 250, responseDelayMs: 8 });
    assert.ok(Math.abs(error) >= 2, `the 8 ms asymmetry should show: error ${error} ms`);
    assert.ok(
      offset.uncertaintyMs !== null && Math.abs(error) <= offset.uncertaintyMs,
      `error ${error} > ±${offset.uncertaintyMs}`,
    );
  });

  for (const [shift, time] of [
    [250, false],
    [-40, 'html'],
  ] as const) {
    it(`no usable /time (${time === false ? '404' : 'not JSON'}), ${shift} ms: Date header, within its stated uncertainty`, async () => {
      const { offset, error } = await measureAgainst(shift, { shiftMs: shift, time });
      assert.equal(offset.method, 'http-date');
      assert.ok(
        offset.uncertaintyMs !== null && offset.uncertaintyMs <= 500 + 20,
        `±${offset.uncertaintyMs}`,
      );
      assert.ok(Math.abs(error) <= offset.uncertaintyMs, `error ${error} > ±${offset.uncertaintyMs}`);
      assert.match(offset.note ?? '', /Date header, 1 s resolution/);
    });
  }

  it('neither /time nor Date: offset assumed 0, and said so', async () => {
    const { offset } = await measureAgainst(250, { shiftMs: 250, time: false, date: false });
    assert.equal(offset.method, 'assumed');
    assert.equal(offset.uncertaintyMs, null);
    assert.match(offset.note ?? '', /neither \/time nor with a Date header/);
  });

  it('unreachable: LlhlsError Unreachable naming the origin', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await assert.rejects(
      measureClockOffset(`http://127.0.0.1:${port}/live.m3u8`, { timeoutMs: 2000 }),
      (error: unknown) => {
        const e = error as { code?: string; message?: string };
        assert.equal(e.code, LlhlsErrorCode.Unreachable);
        assert.match(
          e.message ?? '',
          new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
        );
        return true;
      },
    );
  });

  it('not an http(s) URL: LlhlsError InvalidFlag', async () => {
    for (const url of ['127.0.0.1:8080/live.m3u8', 'ftp://127.0.0.1/x']) {
      await assert.rejects(measureClockOffset(url), { code: LlhlsErrorCode.InvalidFlag });
    }
  });

  it('an aborted signal stops it (not reported as unreachable)', async () => {
    const server = await startSkewedTimeServer({ shiftMs: 0, processingDelayMs: 200 });
    try {
      const controller = new AbortController();
      const pending = measureClockOffset(server.origin, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(
        pending,
        (error: unknown) => (error as { code?: string }).code !== LlhlsErrorCode.Unreachable,
      );
    } finally {
      await server.close();
    }
  });
});
