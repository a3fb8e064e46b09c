/**
 * Test doubles that do real I/O on loopback: a tiny live "stream" whose server clock can be
 * shifted (its /time, its timestamps.json and everything it says are `skewMs` ahead of ours),
 * and a client that measures it by polling /timestamps.json and fetching each new part.
 * Test code: timers and the clock are fine here.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { LlhlsError, LlhlsErrorCode } from '../../../../src/errors.js';
import type { ClientOutcome, MeasureClient, MeasureContext } from '../../../../src/run/measure-client.js';
import type { ClientInfo } from '../../../../src/run/types.js';

const now = (): number => performance.timeOrigin + performance.now();

export interface TinyStream {
  url: string;
  origin: string;
  /** Parts made so far. */
  parts: () => number;
  close(): Promise<void>;
}

interface TinyPart {
  msn: number;
  part: number;
  uri: string;
  capture: number;
  publish: number;
}

/** A part every `partMs`, captured `captureAgeMs` before it is published (server clock). */
export async function startTinyStream(
  options: { skewMs?: number; partMs?: number; captureAgeMs?: number } = {},
): Promise<TinyStream> {
  const skew = options.skewMs ?? 0;
  const partMs = options.partMs ?? 100;
  const age = options.captureAgeMs ?? 100;
  const serverNow = (): number => now() + skew;
  const parts: TinyPart[] = [];
  const body = randomBytes(1500);
  let n = 0;
  const make = (): void => {
    const at = serverNow();
    parts.push({ msn: Math.floor(n / 5), part: n % 5, uri: `p${n}.ts`, capture: at - age, publish: at });
    n += 1;
    if (parts.length > 50) parts.shift();
  };
  make();
  const timer = setInterval(make, partMs);
  const server: Server = createServer((req, res) => {
    const receive = serverNow();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/time') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ receive, send: serverNow() }));
    } else if (path === '/live.m3u8') {
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${parts[0]?.msn ?? 0}`];
      for (const p of parts) lines.push('#EXTINF:0.1,', p.uri);
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(`${lines.join('\n')}\n`);
    } else if (path === '/timestamps.json') {
      const doc = {
        schema: 'llhls.timestamps/1',
        serverTime: serverNow(),
        stream: { codec: 'none', source: 'test', partTarget: partMs / 1000, targetDuration: 1 },
        parts,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    } else if (/^\/p\d+\.ts$/.test(path)) {
      res.writeHead(200, { 'content-type': 'video/mp2t' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url: `${origin}/live.m3u8`,
    origin,
    parts: () => n,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Measures a TinyStream: checks the playlist at start (LlhlsError like the real clients), then
 *  polls /timestamps.json and fetches every new part, emitting media samples; a failed fetch
 *  becomes an error sample. */
export class PollingClient implements MeasureClient {
  readonly kind = 'node' as const;
  fetched = 0;

  info(): ClientInfo {
    return { kind: 'node', viewers: 1, config: { test: 'polling' } };
  }

  async run(ctx: MeasureContext): Promise<ClientOutcome> {
    let response: Response;
    try {
      response = await fetch(ctx.url, { signal: ctx.signal });
    } catch (error) {
      throw new LlhlsError(
        LlhlsErrorCode.Unreachable,
        `cannot reach ${ctx.url}: start the server or fix --url`,
        { cause: error },
      );
    }
    if (response.status !== 200)
      throw new LlhlsError(LlhlsErrorCode.HttpStatus, `${ctx.url} answered HTTP ${response.status}`);
    if (!(await response.text()).startsWith('#EXTM3U'))
      throw new LlhlsError(LlhlsErrorCode.NotAPlaylist, `${ctx.url} is not a playlist`);
    const seen = new Set<string>();
    let errors = 0;
    let first = true;
    const origin = new URL(ctx.url).origin;
    while (!ctx.signal.aborted) {
      try {
        const doc = (await (await fetch(`${origin}/timestamps.json`, { signal: ctx.signal })).json()) as {
          parts: TinyPart[];
        };
        for (const part of doc.parts) {
          if (seen.has(part.uri)) continue;
          seen.add(part.uri);
          if (first) continue; // made before we started: not live
          const start = now();
          const res = await fetch(`${origin}/${part.uri}`, { signal: ctx.signal });
          const firstByte = now();
          const bytes = (await res.arrayBuffer()).byteLength;
          const end = now();
          this.fetched += 1;
          const t = ctx.toServerTime(end);
          ctx.emit({
            type: 'media',
            t,
            client: 'node',
            viewer: 0,
            kind: 'part',
            uri: part.uri,
            msn: part.msn,
            part: part.part,
            hinted: false,
            status: res.status,
            bytes,
            timing: { start: ctx.toServerTime(start), firstByte: ctx.toServerTime(firstByte), end: t },
            duration: 0.1,
            capture: part.capture,
            captureSource: 'timestamps',
            publish: part.publish,
            capture_to_first_byte: ctx.toServerTime(firstByte) - part.capture,
            capture_to_last_byte: t - part.capture,
            delivery: t - part.publish,
            transfer: 'whole',
            serverTiming: null,
            error: null,
          });
        }
        first = false;
      } catch (error) {
        if (ctx.signal.aborted) break;
        errors += 1;
        ctx.emit({
          type: 'error',
          t: ctx.toServerTime(now()),
          client: 'node',
          viewer: 0,
          code: 'network',
          message: (error as Error).message,
          fatal: false,
          uri: null,
        });
      }
      await sleep(40, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
    return { kind: 'node', findings: [], counters: { parts: this.fetched, errors } };
  }
}
