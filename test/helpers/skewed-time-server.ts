import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SkewedTimeServerOptions {
  /** The server's clock = the real clock + shiftMs (so client minus server = -shiftMs). */
  shiftMs: number;
  /** Serve `/time` (default true); false answers 404, 'html' answers 200 with a page that is not
   *  JSON: either way clients fall back to the Date header. */
  time?: boolean | 'html';
  /** Send a (shifted) Date header (default true). */
  date?: boolean;
  /** Held between `receive` and `send` of /time: server processing the NTP math removes. */
  processingDelayMs?: number;
  /** Added at random to the processing delay, 0 .. jitterMs. */
  jitterMs?: number;
  /** Held after `send` is stamped, before the bytes go: an asymmetric path, which the
   *  estimate cannot see and which its uncertainty (half the round trip) must cover. */
  responseDelayMs?: number;
}

export interface SkewedTimeServer {
  server: Server;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Requests answered, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server whose clock is deliberately wrong by a known amount: `/time` answers
 * `{receive, send}` (src/hls/timestamps.ts TimeResponse) on the shifted clock, every response's
 * Date header is shifted too, and any other path answers a tiny playlist. Port 0 on 127.0.0.1.
 */
export async function startSkewedTimeServer(options: SkewedTimeServerOptions): Promise<SkewedTimeServer> {
  const serverNow = (): number => performance.timeOrigin + performance.now() + options.shiftMs;
  const hits = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const receive = serverNow();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const date = (): void => {
      if (options.date === false) res.sendDate = false;
      else res.setHeader('Date', new Date(serverNow()).toUTCString());
    };
    if (path === '/time') {
      if (options.time === false) {
        date();
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (options.time === 'html') {
        date();
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>time</body></html>');
        return;
      }
      const hold = (options.processingDelayMs ?? 0) + Math.random() * (options.jitterMs ?? 0);
      if (hold > 0) await sleep(hold);
      const send = serverNow();
      if ((options.responseDelayMs ?? 0) > 0) await sleep(options.responseDelayMs);
      date();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ receive, send }));
      return;
    }
    date();
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
    res.end('#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-VERSION:9\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
