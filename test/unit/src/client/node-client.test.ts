import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NodeClient } from '../../../../src/client/node-client.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import type { MeasureContext } from '../../../../src/run/measure-client.js';
import type { Sample } from '../../../../src/run/types.js';

function context(url: string, durationMs: number, samples: Sample[] = []): MeasureContext {
  return {
    url,
    durationMs,
    signal: new AbortController().signal,
    toServerTime: (t) => t,
    emit: (s) => samples.push(s),
    log: () => {},
  };
}

const hasCode = (code: string) => (error: unknown) => (error as { code?: string }).code === code;

describe('NodeClient', () => {
  let server: Server;
  let origin: string;

  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/master.m3u8') {
        res
          .writeHead(200)
          .end(
            '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=9\nhigh.m3u8\n',
          );
      } else if (path.startsWith('/high.m3u8')) {
        res.writeHead(200).end('#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\na.ts\n#EXT-X-ENDLIST\n');
      } else if (path === '/a.ts') {
        res.writeHead(200).end('x');
      } else if (path === '/page.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('validates its options with messages that name the flag', () => {
    assert.throws(() => new NodeClient({ viewers: 0 }), /--viewers must be an integer from 1/);
    assert.throws(() => new NodeClient({ viewers: 1.5 }), hasCode(LlhlsErrorCode.InvalidFlag));
    assert.throws(() => new NodeClient({ timeoutMs: 5 }), /timeout must be at least 100 ms/);
    assert.throws(() => new NodeClient({ rampMs: -1 }), /ramp/);
    const info = new NodeClient({ viewers: 3 }).info();
    assert.equal(info.kind, 'node');
    assert.equal(info.viewers, 3);
  });

  it('throws Unreachable, HttpStatus and NotAPlaylist at start', async () => {
    const client = new NodeClient();
    await assert.rejects(
      client.run(context('http://127.0.0.1:1/x.m3u8', 1000)),
      hasCode(LlhlsErrorCode.Unreachable),
    );
    await assert.rejects(client.run(context(`${origin}/nope.m3u8`, 1000)), (error: unknown) => {
      return hasCode(LlhlsErrorCode.HttpStatus)(error) && /HTTP 404/.test((error as Error).message);
    });
    await assert.rejects(
      client.run(context(`${origin}/page.html`, 1000)),
      hasCode(LlhlsErrorCode.NotAPlaylist),
    );
  });

  it('plays the highest-bandwidth variant of a master playlist and says so', async () => {
    const samples: Sample[] = [];
    const outcome = await new NodeClient().run(context(`${origin}/master.m3u8`, 3000, samples));
    const event = samples.find((s) => s.type === 'event' && s.name === 'variant-selected');
    assert.ok(event && event.type === 'event');
    assert.equal(event.detail['url'], `${origin}/high.m3u8`);
    assert.equal(outcome.counters['segments'], 1, 'the VOD segment was fetched, then the client stopped');
  });
});
