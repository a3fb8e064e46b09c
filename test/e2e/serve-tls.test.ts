import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { after, before, test } from 'node:test';
import { startTestServe, type TestServe } from '../helpers/serve.js';

// `--tls self-signed`: HTTP/2 over TLS with HTTP/1.1 still served (ALPN), certificate made by openssl.
let serve: TestServe;

before(async () => {
  serve = await startTestServe({ tls: { kind: 'self-signed', hosts: [] }, windowSegments: 3 });
});
after(async () => {
  await serve?.close();
});

test('the origin speaks HTTP/2 over TLS', async () => {
  assert.match(serve.origin, /^https:\/\/127\.0\.0\.1:\d+$/);
  const session = connect(serve.origin, { rejectUnauthorized: false });
  try {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = session.request({ ':path': '/playlist.m3u8' });
      let status = 0;
      let body = '';
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (body += c));
      stream.on('end', () => resolve({ status, body }));
      stream.on('error', reject);
    });
    assert.equal(status, 200);
    assert.match(body, /^#EXTM3U/);
    assert.match(body, /#EXT-X-PART:/);
  } finally {
    session.close();
  }
});

test('and HTTP/1.1 over TLS on the same port', async () => {
  const { status, version } = await new Promise<{ status: number; version: string }>((resolve, reject) => {
    const req = httpsRequest(`${serve.origin}/timestamps.json`, { rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 200);
  assert.equal(version, '1.1');
});
