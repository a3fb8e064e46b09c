import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { BrowserClient } from '../../../../src/browser/browser-client.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import type { MeasureContext } from '../../../../src/run/measure-client.js';

// User mistakes found at start are one LlhlsError each, before any browser is launched.
let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    else if (req.url === '/vod.m3u8')
      res.writeHead(200).end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const ctx = (url: string): MeasureContext => ({
  url,
  durationMs: 1000,
  signal: new AbortController().signal,
  toServerTime: (t) => t,
  emit: () => undefined,
  log: () => undefined,
});

for (const [name, path, code, catchUp] of [
  ['a 404', '/missing.m3u8', LlhlsErrorCode.HttpStatus, false],
  ['not a playlist', '/page.html', LlhlsErrorCode.NotAPlaylist, false],
  ['--catch-up on a finished (VOD) playlist', '/vod.m3u8', LlhlsErrorCode.InvalidFlag, true],
] as const) {
  test(`${name} is an LlhlsError (${code})`, async () => {
    await assert.rejects(
      new BrowserClient({ catchUp }).run(ctx(`${origin}${path}`)),
      (e: { code?: string }) => e.code === code,
    );
  });
}

test('an unreachable server is an LlhlsError naming the URL', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const url = `http://127.0.0.1:${port}/live.m3u8`;
  await assert.rejects(
    new BrowserClient().run(ctx(url)),
    (e: { code?: string; message?: string }) =>
      e.code === LlhlsErrorCode.Unreachable && e.message!.includes(url),
  );
});

test('a --browser path that does not exist is BrowserNotFound', async () => {
  await assert.rejects(
    new BrowserClient({ browser: '/nonexistent/chromium' }).run(ctx(`${origin}/x.m3u8`)),
    (e: { code?: string }) => e.code === LlhlsErrorCode.BrowserNotFound,
  );
});

test('info() records the player, its effective config and the browser', () => {
  const info = new BrowserClient({ playerConfig: { liveSyncDuration: 1.5 }, headed: false }).info();
  assert.equal(info.kind, 'browser');
  assert.deepEqual(info.player?.config, { lowLatencyMode: true, liveSyncDuration: 1.5 });
  assert.equal(info.browser?.headed, false);
  assert.ok((info.browser?.executablePath ?? '').length > 0);
});
