import assert from 'node:assert/strict';
import { connect, constants } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { selfSignedCertificate } from '../../../../streamer/tls.js';
import { parseM3u8 } from '../packager/parse-m3u8.js';
import { type Harness, startOrigin, waitFor } from './origin-harness.js';

describe('origin over HTTP/2 (TLS) with HTTP/1.1 fallback', () => {
  let h: Harness;
  let tls: { cert: string; key: string };
  before(async () => {
    tls = await selfSignedCertificate(['127.0.0.1']);
    h = await startOrigin({ tls });
    h.push(33);
  });
  after(() => h.origin.close());

  it('serves HTTP/2, including a blocking request answered on publish over the same session', async () => {
    assert.match(h.base, /^https:\/\/127\.0\.0\.1:\d+$/);
    const session = connect(h.base, { ca: tls.cert });
    const fetch2 = (path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const stream = session.request({ [constants.HTTP2_HEADER_PATH]: path });
        let headers: Record<string, unknown> = {};
        const chunks: Buffer[] = [];
        stream.on('response', (h) => {
          headers = h;
        });
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () =>
          resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks).toString() }),
        );
        stream.on('error', reject);
        stream.end();
      });
    try {
      const held = fetch2('/playlist.m3u8?_HLS_msn=1&_HLS_part=1');
      const plain = await fetch2('/playlist.m3u8'); // multiplexed beside the held one
      assert.equal(plain.status, 200);
      await waitFor(() => h.origin.heldRequests === 1);
      h.push(3);
      const r = await held;
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.match(String(r.headers['server-timing']), /hold;dur=/);
      assert.equal(parseM3u8(r.body).preloadSegment?.parts?.length, 2);
      assert.equal((await fetch2('/nope')).status, 404);
    } finally {
      session.close();
    }
  });

  it('still serves HTTP/1.1 on the same port', async () => {
    const r = await new Promise<{ status: number; version: string }>((resolve, reject) => {
      const req = httpsRequest(`${h.base}/healthz`, { ca: tls.cert, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepEqual(r, { status: 200, version: '1.1' });
  });
});
