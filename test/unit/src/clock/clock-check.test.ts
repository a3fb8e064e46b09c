import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkClock, findBreaches } from '../../../../src/clock/clock-check.js';
import { clockReportText } from '../../../../src/clock/clock-report-text.js';
import type { LocalClockStatus } from '../../../../src/clock/local-clock.js';
import type { ClockOffset } from '../../../../src/run/types.js';
import { type SkewedTimeServer, startSkewedTimeServer } from '../../../helpers/skewed-time-server.js';
import { fakeChronyc } from './chrony-fixtures.js';

const local = (
  boundMs: number | null,
  synchronised: boolean | null = boundMs !== null,
): LocalClockStatus => ({
  source: boundMs === null ? 'unknown' : 'chrony',
  synchronised,
  boundMs,
  words: 'test',
  chrony: null,
  chronyUnavailable: null,
  timedatectl: null,
});
const server = (
  offsetMs: number,
  uncertaintyMs: number | null,
  method: ClockOffset['method'] = 'http-time',
): ClockOffset => ({
  method,
  offsetMs,
  uncertaintyMs,
  measuredAt: 0,
  probes: 8,
  bestRttMs: uncertaintyMs === null ? null : uncertaintyMs * 2,
});

describe('findBreaches', () => {
  it('no thresholds, no breaches', () => {
    assert.deepEqual(
      findBreaches(local(null), server(900, 400), { maxOffsetMs: null, maxUncertaintyMs: null }),
      [],
    );
  });
  it('offset by its size, either sign; uncertainty separately', () => {
    const limits = { maxOffsetMs: 5, maxUncertaintyMs: 1 };
    assert.deepEqual(findBreaches(local(0.1), server(-4.9, 0.9), limits), []);
    const breaches = findBreaches(local(0.1), server(-250, 1.5), limits);
    assert.deepEqual(
      breaches.map((b) => [b.kind, b.valueMs, b.limitMs]),
      [
        ['offset', -250, 5],
        ['uncertainty', 1.5, 1],
      ],
    );
    assert.equal(breaches[0]?.message, 'clock offset -250.0 ms to the server exceeds --max-offset 5.0 ms');
  });
  it('an assumed offset cannot meet a threshold', () => {
    const breaches = findBreaches(local(null), server(0, null, 'assumed'), {
      maxOffsetMs: 5,
      maxUncertaintyMs: null,
    });
    assert.deepEqual(
      breaches.map((b) => b.kind),
      ['offset-unknown'],
    );
  });
  it('without a server, --max-offset applies to the local chrony bound', () => {
    const limits = { maxOffsetMs: 1, maxUncertaintyMs: null };
    assert.deepEqual(findBreaches(local(0.5), null, limits), []);
    assert.deepEqual(
      findBreaches(local(1.5), null, limits).map((b) => b.kind),
      ['local-bound'],
    );
    assert.deepEqual(
      findBreaches(local(null, false), null, limits).map((b) => b.kind),
      ['local-unsynchronised'],
    );
  });
});

describe('checkClock (fake chronyc replaying a real capture, real loopback server 250 ms ahead)', () => {
  let skewed: SkewedTimeServer;
  const chronyc = fakeChronyc('synchronised');
  before(async () => {
    skewed = await startSkewedTimeServer({ shiftMs: 250 });
  });
  after(async () => {
    await skewed.close();
    chronyc.dispose();
  });

  it('reports local sync, the server offset and the breach, in data and in words', async () => {
    const report = await checkClock({
      url: `${skewed.origin}/live.m3u8`,
      chronycPath: chronyc.path,
      maxOffsetMs: 5,
      maxUncertaintyMs: 5,
    });
    assert.equal(report.schema, 'llhls.clock/1');
    assert.equal(report.local.source, 'chrony');
    assert.equal(report.server?.method, 'http-time');
    assert.ok(Math.abs((report.server?.offsetMs ?? 0) + 250) <= 2);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.breaches.map((b) => b.kind),
      ['offset'],
    );
    const text = clockReportText(report);
    assert.match(text[0] ?? '', /^local clock: chrony: synchronised to 127\.0\.0\.1 \(stratum 9\)/);
    assert.ok(
      text.some((l) => /this clock is 2\d\d\.\d ms behind the server's/.test(l)),
      text.join('\n'),
    );
    assert.match(
      text.at(-1) ?? '',
      /^FAIL clock offset -2\d\d\.\d ms to the server exceeds --max-offset 5\.0 ms$/,
    );
  });
});
