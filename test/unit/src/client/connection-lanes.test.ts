import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { HttpAdapter } from '../../../../src/client/http-adapter.js';

describe('HttpAdapter connections (ConnectionLanes)', () => {
  let server: Server;
  let origin: string;
  let connections = 0;
  const held: ServerResponse[] = [];
  const gzipped = gzipSync(Buffer.from('#EXTM3U\n#EXT-X-VERSION:9\n'));

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/held') {
        held.push(res);
        return;
      }
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipped);
        return;
      }
      res.writeHead(200).end('ok');
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends requests one after another on one kept-alive connection', async () => {
    const http = new HttpAdapter({ connections: 6, timeoutMs: 2000 });
    const before = connections;
    for (let i = 0; i < 5; i += 1) assert.equal((await http.get(`${origin}/`)).status, 200);
    assert.equal(connections - before, 1);
    await http.close();
  });

  it('opens another connection while one holds a request, up to the limit', async () => {
    const http = new HttpAdapter({ connections: 2, timeoutMs: 2000 });
    const before = connections;
    const pending = http.get(`${origin}/held`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await http.get(`${origin}/`)).status, 200, 'not queued behind the held request');
    assert.equal((await http.get(`${origin}/`)).status, 200);
    assert.equal(connections - before, 2);
    held.shift()?.writeHead(200).end('late');
    assert.equal((await pending).status, 200);
    await http.close();
  });

  it('gives forks their own connections and one shared decoded body per distinct wire body', async () => {
    const http = new HttpAdapter({ connections: 2, timeoutMs: 2000 });
    const a = http.fork(2);
    const b = http.fork(2);
    const before = connections;
    const ra = await a.get(`${origin}/gzip`, { keepBody: true });
    const rb = await b.get(`${origin}/gzip`, { keepBody: true });
    assert.equal(ra.body?.toString(), '#EXTM3U\n#EXT-X-VERSION:9\n');
    assert.equal(rb.body, ra.body, 'decoded once');
    assert.equal(ra.bytes, gzipped.length);
    assert.equal(connections - before, 2);
    await http.close();
  });
});
