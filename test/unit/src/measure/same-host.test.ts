import assert from 'node:assert/strict';
import { hostname, networkInterfaces } from 'node:os';
import { describe, it } from 'node:test';
import { isLoopback } from '../../../../src/loopback.js';
import { sameHostAddress } from '../../../../src/measure/same-host.js';
import { sameHostClock } from '../../../../src/measure/same-host-clock.js';
import type { ClockOffset } from '../../../../src/run/types.js';

describe('sameHostAddress', () => {
  it('knows loopback, localhost and this machine’s own addresses', async () => {
    assert.equal(await sameHostAddress('http://127.0.0.1:8080/live.m3u8'), '127.0.0.1');
    assert.equal(await sameHostAddress('http://127.8.9.10/x.m3u8'), '127.8.9.10');
    assert.equal(await sameHostAddress('https://[::1]:8443/x.m3u8'), '::1');
    assert.ok(isLoopback((await sameHostAddress('http://localhost:1/x')) ?? ''));
    const own = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && !i.internal && i.family === 'IPv4');
    if (own !== undefined) assert.equal(await sameHostAddress(`http://${own.address}:1/x`), own.address);
    assert.notEqual(await sameHostAddress(`http://${hostname()}:1/x`), undefined);
  });

  it('anything else is another host (or may be)', async () => {
    assert.equal(await sameHostAddress('http://192.0.2.7/x.m3u8'), null); // TEST-NET-1
    assert.equal(await sameHostAddress('http://no-such-host.invalid/x.m3u8'), null);
    assert.equal(await sameHostAddress('not a url'), null);
  });
});

describe('sameHostClock', () => {
  const probe = (over: Partial<ClockOffset>): ClockOffset => ({
    method: 'http-date',
    offsetMs: 58,
    uncertaintyMs: 60,
    measuredAt: 1,
    probes: 8,
    bestRttMs: 0.3,
    ...over,
  });

  it('one clock: offset 0, no uncertainty, when the probe agrees within its uncertainty', () => {
    const clock = sameHostClock(probe({}), '127.0.0.1');
    assert.deepEqual([clock.method, clock.offsetMs, clock.uncertaintyMs], ['same-host', 0, 0]);
    assert.equal(
      clock.note,
      'the server is on this host (127.0.0.1): one clock, offset 0 (the http-date probe agreed: 58.0 ± 60.0 ms)',
    );
    assert.equal(sameHostClock(probe({ method: 'assumed', uncertaintyMs: null }), '::1').method, 'same-host');
  });

  it('a probe that disagrees wins: a tunnel or a forwarded port is another host', () => {
    const clock = sameHostClock(
      probe({ method: 'http-time', offsetMs: -250, uncertaintyMs: 0.2 }),
      '127.0.0.1',
    );
    assert.deepEqual([clock.method, clock.offsetMs], ['http-time', -250]);
    assert.match(
      clock.note ?? '',
      /^the server's address 127\.0\.0\.1 is on this host, but its clock is -250\.0 ms away/,
    );
  });
});
