import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { HttpAdapter } from '../../../../src/client/http-adapter.js';

describe('HttpAdapter', () => {
  let server: Server;
  let origin: string;
  const http = new HttpAdapter({ connections: 8, timeoutMs: 300 });

  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/plain') {
        res.writeHead(200, { 'content-type': 'text/plain', 'server-timing': 'hold;dur=12' }).end('hello');
      } else if (path === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from('#EXTM3U\n')));
      } else if (path === '/dribble') {
        res.writeHead(200);
        res.write('a');
        setTimeout(() => res.write('b'), 30);
        setTimeout(() => res.end('c'), 60);
      } else if (path === '/range') {
        res.writeHead(206).end(req.headers.range ?? 'none');
      } else if (path === '/slow') {
        setTimeout(() => res.writeHead(200).end('late'), 2000).unref();
      } else {
        res.writeHead(404).end('nope');
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

  it('times a request start <= headers <= firstByte <= end and parses Server-Timing', async () => {
    const r = await http.get(`${origin}/plain`, { keepBody: true });
    assert.equal(r.status, 200);
    assert.equal(r.error, null);
    assert.equal(r.body?.toString(), 'hello');
    assert.equal(r.bytes, 5);
    assert.ok(r.headers !== null && r.firstByte !== null && r.end !== null);
    assert.ok(r.start <= r.headers && r.headers <= r.firstByte && r.firstByte <= r.end);
    assert.ok(Math.abs(r.start - Date.now()) < 1000, 'epoch ms');
    assert.deepEqual(r.serverTiming, { hold: 12 });
    assert.equal(r.transfer, 'whole');
    assert.equal(r.contentType, 'text/plain');
  });

  it('decodes gzip bodies but counts the bytes on the wire', async () => {
    const r = await http.get(`${origin}/gzip`, { keepBody: true });
    assert.equal(r.body?.toString(), '#EXTM3U\n');
    assert.equal(r.bytes, gzipSync(Buffer.from('#EXTM3U\n')).length);
  });

  it('sees a body dribbled over more than a frame interval as chunked', async () => {
    const r = await http.get(`${origin}/dribble`, { keepBody: true });
    assert.equal(r.body?.toString(), 'abc');
    assert.equal(r.transfer, 'chunked');
  });

  it('sends a Range header for byte ranges', async () => {
    const open = await http.get(`${origin}/range`, { keepBody: true, range: { start: 1000, length: null } });
    assert.equal(open.body?.toString(), 'bytes=1000-');
    const closed = await http.get(`${origin}/range`, { keepBody: true, range: { start: 10, length: 5 } });
    assert.equal(closed.body?.toString(), 'bytes=10-14');
  });

  it('returns error statuses as data', async () => {
    const r = await http.get(`${origin}/missing`);
    assert.equal(r.status, 404);
    assert.equal(r.error, null);
    assert.equal(r.body, null, 'media bodies are not kept');
  });

  it('turns a timeout, an abort and a refused connection into error strings', async () => {
    const slow = await http.get(`${origin}/slow`);
    assert.match(slow.error ?? '', /Timeout/i);
    const controller = new AbortController();
    const pending = http.get(`${origin}/slow`, { signal: controller.signal });
    controller.abort();
    assert.match((await pending).error ?? '', /abort/i);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await http.get(`http://127.0.0.1:${port}/`);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
    assert.equal(refused.status, 0);
  });

  it('validates its options', () => {
    assert.throws(() => new HttpAdapter({ connections: 0, timeoutMs: 10 }), /connections/);
    assert.throws(() => new HttpAdapter({ connections: 1, timeoutMs: 0 }), /timeoutMs/);
  });
});
