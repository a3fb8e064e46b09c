import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Delivery,
  LinkDirection,
  type LinkDirectionConfig,
} from '../../../../src/proxy/link-direction.js';
import { SEGMENT_BYTES } from '../../../../src/proxy/tcp-loss.js';
import { seededRandom } from '../../../../src/random.js';

const CLEAR: LinkDirectionConfig = { bitsPerSecond: null, oneWayDelayMs: 0, jitterMs: 0, loss: 0, rttMs: 0 };
const bytes = (n: number): Buffer => Buffer.alloc(n, 1);

/** Pumps the link at every instant it asks for, until it is idle; returns every delivery. */
function drain<S>(link: LinkDirection<S>, from: number, out: Delivery<S>[] = []): Delivery<S>[] {
  let now = from;
  for (let i = 0; i < 100_000; i += 1) {
    const { deliveries, wakeAt } = link.pump(now);
    out.push(...deliveries);
    if (wakeAt === null) return out;
    now = Math.max(now, wakeAt);
  }
  throw new Error('link never went idle');
}

const lastAt = (ds: Delivery<string>[], sink: string): number =>
  Math.max(...ds.filter((d) => d.flow.sink === sink).map((d) => d.at));
const total = (ds: Delivery<string>[], sink: string): number =>
  ds.filter((d) => d.flow.sink === sink).reduce((sum, d) => sum + (d.data?.length ?? 0), 0);

describe('LinkDirection', () => {
  it('passes bytes at once when nothing is configured', () => {
    const link = new LinkDirection<string>(CLEAR, Math.random);
    const flow = link.open('a');
    link.enqueue(flow, bytes(100), 5);
    const { deliveries, wakeAt } = link.pump(5);
    assert.deepEqual(
      deliveries.map((d) => [d.data?.length, d.at]),
      [[100, 5]],
    );
    assert.equal(wakeAt, null);
  });

  it('adds the one-way delay, and bytes never overtake earlier bytes whatever the jitter', () => {
    const link = new LinkDirection<string>({ ...CLEAR, oneWayDelayMs: 25, jitterMs: 20 }, seededRandom(7));
    const flow = link.open('a');
    const arrivals: number[] = [];
    const delays: number[] = [];
    // Every 20 ms, 3 writes 1 ms apart: bursts overlap in flight, so order must be enforced.
    for (let t = 0; t < 4000; t += 20) {
      for (const w of [0, 1, 2]) {
        link.enqueue(flow, bytes(10), t + w);
        for (const d of link.pump(t + w).deliveries) {
          assert.ok(d.at >= t + w + 5 - 1e-9 && d.at <= t + 2 + 45 + 20 + 1e-9, `${d.at} at ${t + w}`);
          arrivals.push(d.at);
          delays.push(d.at - (t + w));
        }
      }
    }
    for (let i = 1; i < arrivals.length; i += 1)
      assert.ok((arrivals[i] as number) >= (arrivals[i - 1] as number));
    // Bursts that start on an idle flow draw their own delay, within 25 ± 20 ms.
    assert.ok(
      Math.min(...delays) < 10 && Math.max(...delays) > 40,
      `${Math.min(...delays)}..${Math.max(...delays)}`,
    );
  });

  it('serialises at the configured rate: 100 kB at 800 kbit/s take 1 s', () => {
    const link = new LinkDirection<string>({ ...CLEAR, bitsPerSecond: 800_000 }, Math.random);
    const flow = link.open('a');
    link.enqueue(flow, bytes(100_000), 1000);
    const ds = drain(link, 1000);
    assert.equal(total(ds, 'a'), 100_000);
    assert.ok(Math.abs(lastAt(ds, 'a') - 2000) < 1e-6, `${lastAt(ds, 'a')}`);
    // Delivered progressively in slices, not all at the end.
    assert.ok(ds.length >= 60 && (ds[0]?.at ?? 0) < 1020);
  });

  it('shares the rate fairly between connections that have something to send', () => {
    const link = new LinkDirection<string>({ ...CLEAR, bitsPerSecond: 800_000 }, Math.random);
    const a = link.open('a');
    const b = link.open('b');
    link.enqueue(a, bytes(50_000), 0);
    link.enqueue(b, bytes(50_000), 0);
    const ds = drain(link, 0);
    // Both finish together at 1 s (the whole link's 100 kB), neither at 0.5 s.
    assert.ok(lastAt(ds, 'a') > 980 && lastAt(ds, 'b') > 980, `${lastAt(ds, 'a')} ${lastAt(ds, 'b')}`);
    assert.ok(Math.abs(Math.max(lastAt(ds, 'a'), lastAt(ds, 'b')) - 1000) < 1e-6);
  });

  it('lets a small response through while a large one is on the link (no FIFO wait)', () => {
    const link = new LinkDirection<string>({ ...CLEAR, bitsPerSecond: 800_000 }, Math.random);
    const big = link.open('big');
    const small = link.open('small');
    link.enqueue(big, bytes(200_000), 0);
    const ds: Delivery<string>[] = [];
    ds.push(...link.pump(0).deliveries);
    ds.push(...link.pump(100).deliveries);
    link.enqueue(small, bytes(1000), 100);
    drain(link, 100, ds);
    // 1 kB takes 10 ms alone; sharing with one other flow about 20 ms, plus at most a slice.
    assert.ok(lastAt(ds, 'small') < 100 + 2 * 10 + 2 * 15, `small done at ${lastAt(ds, 'small')}`);
    assert.ok(Math.abs(lastAt(ds, 'big') - 2010) < 1e-6);
  });

  it('holds everything while the rate is 0, and resumes from the change', () => {
    const link = new LinkDirection<string>({ ...CLEAR, bitsPerSecond: 0 }, Math.random);
    const flow = link.open('a');
    link.enqueue(flow, bytes(10_000), 0);
    assert.deepEqual(link.pump(500), { deliveries: [], wakeAt: null });
    assert.equal(link.queued, 10_000);
    link.setConfig({ ...CLEAR, bitsPerSecond: 80_000 }, 1000);
    const ds = drain(link, 1000);
    assert.ok(Math.abs(lastAt(ds, 'a') - 2000) < 1e-6, `${lastAt(ds, 'a')}`);
    assert.equal(link.queued, 0);
  });

  it('catches up after a late pump, so the average rate holds', () => {
    const link = new LinkDirection<string>({ ...CLEAR, bitsPerSecond: 800_000 }, Math.random);
    const flow = link.open('a');
    link.enqueue(flow, bytes(100_000), 0);
    const ds = [...link.pump(0).deliveries, ...link.pump(300).deliveries];
    drain(link, 300, ds);
    assert.ok(Math.abs(lastAt(ds, 'a') - 1000) < 1e-6);
  });

  it('delivers the end of stream after the last byte', () => {
    const link = new LinkDirection<string>(
      { ...CLEAR, bitsPerSecond: 80_000, oneWayDelayMs: 10 },
      Math.random,
    );
    const flow = link.open('a');
    link.enqueue(flow, bytes(1000), 0);
    link.enqueue(flow, null, 0);
    const ds = drain(link, 0);
    assert.equal(ds.at(-1)?.data, null);
    assert.ok(Math.abs((ds.at(-1)?.at ?? 0) - 110) < 1e-6);
  });

  it("holds a new connection's first bytes until the handshake is through", () => {
    const link = new LinkDirection<string>({ ...CLEAR, oneWayDelayMs: 25 }, Math.random);
    const flow = link.open('a', 75);
    link.enqueue(flow, bytes(100), 1);
    assert.equal(link.pump(1).deliveries[0]?.at, 75);
  });

  it('delays a lost segment and everything after it by the retransmission time', () => {
    // 10 segments, the third lost: seven behind it trigger a fast retransmit, one RTT (100 ms).
    const draws = [0.9, 0.9, 0.0];
    const random = (): number => draws.shift() ?? 0.9;
    const link = new LinkDirection<string>({ ...CLEAR, oneWayDelayMs: 50, loss: 0.5, rttMs: 100 }, random);
    const flow = link.open('a');
    link.enqueue(flow, bytes(10 * SEGMENT_BYTES), 0);
    const ds = link.pump(0).deliveries;
    assert.deepEqual(
      ds.map((d) => [d.data?.length, d.at]),
      [
        [2 * SEGMENT_BYTES, 50],
        [8 * SEGMENT_BYTES, 150],
      ],
    );
    // Later bytes of the connection wait behind the repair (head-of-line blocking).
    link.enqueue(flow, bytes(10), 1);
    assert.equal(link.pump(1).deliveries[0]?.at, 150);
  });

  it('costs a lone lost segment the tail-loss probe: 2 RTT + delayed ACK, at most RTO', () => {
    const link = new LinkDirection<string>({ ...CLEAR, oneWayDelayMs: 5, loss: 1, rttMs: 10 }, () => 0);
    const flow = link.open('a');
    link.enqueue(flow, bytes(500), 0);
    assert.equal(link.pump(0).deliveries[0]?.at, 5 + Math.min(2 * 10 + 200, 10 + 200));
  });
});
