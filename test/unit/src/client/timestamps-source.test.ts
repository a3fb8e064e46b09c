import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpAdapter } from '../../../../src/client/http-adapter.js';
import { TimestampsSource } from '../../../../src/client/timestamps-source.js';
import { TIMESTAMPS_SCHEMA, type TimestampsSegment } from '../../../../src/hls/timestamps.js';

function segment(msn: number, parts: number, complete: boolean): TimestampsSegment {
  return {
    msn,
    uri: `s${msn}.ts`,
    duration: 1,
    discontinuity: false,
    firstPts: 0,
    capture: 1000 * msn,
    programDateTime: 1000 * msn,
    publish: 1000 * msn + 1100,
    complete,
    parts: Array.from({ length: parts }, (_, part) => ({
      msn,
      part,
      uri: `p${msn}.${part}.ts`,
      duration: 0.2,
      independent: part === 0,
      firstPts: 0,
      capture: 1000 * msn + 200 * part,
      frameCaptures: [],
      publish: 1000 * msn + 200 * part + 250,
    })),
  };
}

describe('TimestampsSource', () => {
  let server: Server;
  let origin: string;
  let served = 0;
  const http = new HttpAdapter({ connections: 4, timeoutMs: 2000 });

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/timestamps.json') {
        served += 1;
        // Each fetch shows one more part of segment 2, as a live origin would.
        const doc = {
          schema: TIMESTAMPS_SCHEMA,
          serverTime: 0,
          stream: { partTarget: 0.2, targetDuration: 1 },
          mediaSequence: 1,
          discontinuitySequence: 0,
          segments: [segment(1, 5, true), segment(2, Math.min(5, served), false)],
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('probes <origin>/timestamps.json and looks parts up by (msn, part)', async () => {
    const source = await TimestampsSource.probe(`${origin}/live/stream.m3u8?x=1`, http);
    assert.ok(source !== null);
    assert.equal(source.url, `${origin}/timestamps.json`);
    assert.deepEqual(source.lookup(1, 3), { capture: 1600, publish: 1850 });
    assert.deepEqual(source.lookup(1, null), { capture: 1000, publish: 2100 });
    assert.deepEqual(
      source.lookup(2, null),
      { capture: 2000, publish: null },
      'incomplete segment: no publish',
    );
    assert.equal(source.lookup(2, 2), null);
  });

  it('refetches (coalesced) when a part is missing from the cached copy', async () => {
    const source = await TimestampsSource.probe(`${origin}/s.m3u8`, http);
    assert.ok(source !== null);
    const before = source.fetches;
    const [a, b] = await Promise.all([source.resolve(2, 2), source.resolve(2, 2)]);
    assert.deepEqual(a, { capture: 2400, publish: 2650 });
    assert.deepEqual(b, a);
    assert.ok(source.fetches - before <= 2, `coalesced: ${source.fetches - before} fetches`);
  });

  it('is null for a server without timestamps.json', async () => {
    const none = await TimestampsSource.probe('http://127.0.0.1:1/x.m3u8', http);
    assert.equal(none, null);
    server.removeAllListeners('request');
    server.on('request', (_req, res) => res.writeHead(200).end('not json'));
    assert.equal(await TimestampsSource.probe(`${origin}/s.m3u8`, http), null);
  });
});
