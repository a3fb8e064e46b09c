/**
 * Test servers for the Node client, all on 127.0.0.1 port 0:
 * - `startFfmpegHls`: FFmpeg's own HLS muxer writing a live 1 s segment stream into a temp dir,
 *   served by a static server (no parts, no blocking: the polling fallback).
 * - `startFakeLlHls`: a small LL-HLS origin producing synthetic parts (random bytes) on a timer,
 *   with blocking reload, preload hints, delta updates and /timestamps.json; CORRECT by default,
 *   MISBEHAVING with `misbehave` (ignores blocking, parts longer than PART-TARGET, PDT that jumps,
 *   200 for requests too far ahead). Test code: timers are fine here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readDirectives } from '../../src/hls/ll-hls-url.js';
import { TIMESTAMPS_SCHEMA, type TimestampsDocument } from '../../src/hls/timestamps.js';
import { ffmpegTestArgs, hlsOutput } from './ffmpeg-command.js';

export interface TestHlsServer {
  /** The media playlist URL. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: 'http' | 'https' = 'http'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `${scheme}://127.0.0.1:${port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.json': 'application/json',
};

/** FFmpeg's HLS muxer (1 s segments, PDT, 5-segment window) served statically. */
export async function startFfmpegHls(): Promise<TestHlsServer & { ffmpeg: ChildProcess }> {
  const dir = await mkdtemp(join(tmpdir(), 'llhls-ffmpeg-hls-'));
  const ffmpeg = spawn(
    '/usr/bin/ffmpeg',
    ffmpegTestArgs({
      realtime: true,
      gop: 30,
      encoder: ['-pix_fmt', 'yuv420p'],
      output: hlsOutput(join(dir, 'live.m3u8'), 5),
    }),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^\/+/,
      '',
    );
    if (path.includes('..') || path.includes('/')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(dir, path)).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  const origin = await listen(server);
  const close = async (): Promise<void> => {
    ffmpeg.kill('SIGKILL');
    await closeServer(server);
    await rm(dir, { recursive: true, force: true });
  };
  // Wait for three segments so a client starting 3 target durations back has media.
  for (let i = 0; i < 100; i += 1) {
    const text = await readFile(join(dir, 'live.m3u8'), 'utf8').catch(() => '');
    if ((text.match(/#EXTINF/g) ?? []).length >= 3)
      return { url: `${origin}/live.m3u8`, origin, close, ffmpeg };
    if (ffmpeg.exitCode !== null) break;
    await sleep(100);
  }
  await close();
  throw new Error('startFfmpegHls: FFmpeg produced no playlist');
}

export interface Misbehaviour {
  /** Answer blocking reloads at once with whatever the playlist holds. */
  ignoreBlocking?: boolean;
  /** List parts 1.5 x PART-TARGET long. */
  longParts?: boolean;
  /** Move every segment's PROGRAM-DATE-TIME forward by 400 ms more than the last. */
  pdtJumps?: boolean;
  /** Answer 200 (the current playlist) to a request too far ahead instead of 400. */
  farAhead200?: boolean;
  /** Write `#EXT-X-TARGETDURATION:0` whatever the segments last. */
  targetDurationZero?: boolean;
  /** Answer every playlist request with a delta update (EXT-X-SKIP), asked for or not. */
  unrequestedSkip?: boolean;
  /** Stop making parts this long after start: the playlist never changes again (stale). */
  freezeAfterMs?: number;
}

export interface FakeLlHlsOptions {
  /** Seconds (default 0.2). */
  partTarget?: number;
  partsPerSegment?: number;
  /** Segments kept in the playlist (default 10). */
  windowSegments?: number;
  /** Seconds; null disables delta updates (default 6 = 6 target durations). */
  canSkipUntil?: number | null;
  /** Serve /timestamps.json (default true). */
  timestamps?: boolean;
  /** How a hinted part's bytes go out (default whole). */
  hintTransfer?: 'whole' | 'chunked';
  partBytes?: number;
  /** Advertise CAN-BLOCK-RELOAD=YES and hold blocking reloads (default true); false: clients poll. */
  blocking?: boolean;
  /** List parts and a preload hint (default true); false: whole segments only (classic HLS). */
  parts?: boolean;
  /** Serve over HTTPS with this certificate (PEM) instead of HTTP. */
  tls?: { cert: string; key: string };
  misbehave?: Misbehaviour;
}

interface FakePart {
  index: number;
  bytes: Buffer;
  capture: number;
  publish: number;
}

interface FakeSegment {
  msn: number;
  parts: FakePart[];
  complete: boolean;
}

export interface FakeLlHlsServer extends TestHlsServer {
  /** Requests seen, by kind, for assertions. */
  stats: { playlists: number; blocking: number; hinted: number; tooFarAhead: number };
}

/** A synthetic LL-HLS origin: see the file comment. */
export async function startFakeLlHls(options: FakeLlHlsOptions = {}): Promise<FakeLlHlsServer> {
  const partTarget = options.partTarget ?? 0.2;
  const perSegment = options.partsPerSegment ?? 5;
  const windowSegments = options.windowSegments ?? 10;
  const bad = options.misbehave ?? {};
  const listedPart = bad.longParts ? partTarget * 1.5 : partTarget;
  const targetDuration = Math.ceil(listedPart * perSegment);
  const canSkipUntil = options.canSkipUntil === undefined ? 6 * targetDuration : options.canSkipUntil;
  const partHoldBack = 3 * partTarget;
  const partBytes = options.partBytes ?? 2000;
  const segments: FakeSegment[] = [];
  const waiters = new Set<{ ready: () => boolean; answer: () => void; cancel: () => void }>();
  const stats = { playlists: 0, blocking: 0, hinted: 0, tooFarAhead: 0 };

  const produce = (now: number): void => {
    let current = segments.at(-1);
    if (current === undefined || current.complete) {
      current = { msn: (current?.msn ?? -1) + 1, parts: [], complete: false };
      segments.push(current);
      while (segments.length > windowSegments + 1) segments.shift();
    }
    current.parts.push({
      index: current.parts.length,
      bytes: randomBytes(partBytes),
      capture: now - partTarget * 1000,
      publish: now,
    });
    if (current.parts.length === perSegment) current.complete = true;
    for (const waiter of waiters) {
      if (waiter.ready()) {
        waiters.delete(waiter);
        waiter.answer();
      }
    }
  };
  // Start with a full window already made, back-dated as if produced live, so delta updates
  // (which need more than CAN-SKIP-UNTIL of segments) happen from the first reload.
  const prefill = windowSegments * perSegment;
  const t0 = Date.now() - prefill * partTarget * 1000;
  for (let i = 0; i < prefill; i += 1) produce(t0 + (i + 1) * partTarget * 1000);
  const startedAt = Date.now();
  const timer = setInterval(() => {
    if (bad.freezeAfterMs === undefined || Date.now() - startedAt < bad.freezeAfterMs) produce(Date.now());
  }, partTarget * 1000);
  const blocking = options.blocking ?? true;
  const withParts = options.parts ?? true;

  const complete = (): FakeSegment[] => segments.filter((s) => s.complete);
  const tail = (): FakeSegment | null => {
    const last = segments.at(-1);
    return last !== undefined && !last.complete ? last : null;
  };
  /** Next part to be produced. */
  const nextPos = (): { msn: number; index: number } => {
    const t = tail();
    if (t !== null) return { msn: t.msn, index: t.parts.length };
    return { msn: (segments.at(-1)?.msn ?? -1) + 1, index: 0 };
  };
  const pdtOf = (segment: FakeSegment): number =>
    (segment.parts[0]?.capture ?? 0) + (bad.pdtJumps ? 400 * segment.msn : 0);
  const iso = (ms: number): string => new Date(ms).toISOString();

  const render = (skip: boolean): string => {
    const done = complete();
    const control = [
      ...(blocking ? ['CAN-BLOCK-RELOAD=YES'] : []),
      ...(withParts ? [`PART-HOLD-BACK=${partHoldBack.toFixed(3)}`] : []),
      ...(canSkipUntil === null ? [] : [`CAN-SKIP-UNTIL=${canSkipUntil.toFixed(1)}`]),
    ];
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:9',
      `#EXT-X-TARGETDURATION:${bad.targetDurationZero ? 0 : targetDuration}`,
      ...(control.length > 0 ? [`#EXT-X-SERVER-CONTROL:${control.join(',')}`] : []),
      ...(withParts ? [`#EXT-X-PART-INF:PART-TARGET=${partTarget.toFixed(3)}`] : []),
      `#EXT-X-MEDIA-SEQUENCE:${done[0]?.msn ?? 0}`,
    ];
    let skipped = 0;
    if (skip && canSkipUntil !== null) {
      // Skip the oldest segments while what stays still spans the skip boundary.
      let remaining = done.length * listedPart * perSegment;
      while (skipped < done.length && remaining - listedPart * perSegment >= canSkipUntil) {
        remaining -= listedPart * perSegment;
        skipped += 1;
      }
      if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
    }
    done.slice(skipped).forEach((segment, i, listed) => {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(pdtOf(segment))}`);
      if (withParts && i >= listed.length - 3) {
        for (const part of segment.parts) lines.push(partLine(segment.msn, part));
      }
      lines.push(`#EXTINF:${(listedPart * segment.parts.length).toFixed(5)},`, `s${segment.msn}.ts`);
    });
    const t = tail();
    if (!withParts) return `${lines.join('\n')}\n`;
    if (t !== null) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(pdtOf(t))}`);
      for (const part of t.parts) lines.push(partLine(t.msn, part));
    }
    const next = nextPos();
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p${next.msn}.${next.index}.ts"`);
    return `${lines.join('\n')}\n`;
  };
  const partLine = (msn: number, part: FakePart): string =>
    `#EXT-X-PART:DURATION=${listedPart.toFixed(5)},URI="p${msn}.${part.index}.ts"${part.index === 0 ? ',INDEPENDENT=YES' : ''}`;

  const findPart = (msn: number, index: number): FakePart | null =>
    segments.find((s) => s.msn === msn)?.parts.find((p) => p.index === index) ?? null;

  const wait = (
    req: IncomingMessage,
    ready: () => boolean,
    answer: () => void,
    onTimeout: () => void,
  ): void => {
    const waiter = {
      ready,
      answer: () => {
        clearTimeout(limit);
        answer();
      },
      cancel: () => clearTimeout(limit),
    };
    // 6.2.5.2: not available within three target durations: 503.
    const limit = setTimeout(
      () => {
        waiters.delete(waiter);
        onTimeout();
      },
      3 * targetDuration * 1000,
    );
    waiters.add(waiter);
    req.on('close', () => {
      clearTimeout(limit);
      waiters.delete(waiter);
    });
  };

  const playlist = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    stats.playlists += 1;
    const { msn, part, skip } = readDirectives(url);
    const started = Date.now();
    const send = (): void => {
      res
        .writeHead(200, {
          'content-type': 'application/vnd.apple.mpegurl',
          'server-timing': `hold;dur=${Date.now() - started}`,
        })
        .end(render(bad.unrequestedSkip === true || skip === 'YES' || skip === 'v2'));
    };
    if (msn === null || bad.ignoreBlocking || !blocking) {
      send();
      return;
    }
    stats.blocking += 1;
    const lastMsn = tail()?.msn ?? segments.at(-1)?.msn ?? 0;
    if (msn > lastMsn + 2) {
      stats.tooFarAhead += 1;
      if (bad.farAhead200) send();
      else res.writeHead(400).end('too far ahead\n');
      return;
    }
    const ready = (): boolean => {
      const last = complete().at(-1)?.msn ?? -1;
      if (last >= msn) return true;
      const t = tail();
      return part !== null && t !== null && t.msn === msn && t.parts.length > part;
    };
    if (ready()) send();
    else wait(req, ready, send, () => res.writeHead(503).end());
  };

  const sendPart = (res: ServerResponse, part: FakePart, hinted: boolean): void => {
    if (!hinted || options.hintTransfer !== 'chunked') {
      res
        .writeHead(200, { 'content-type': 'video/mp2t', 'content-length': part.bytes.length })
        .end(part.bytes);
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp2t' });
    const third = Math.ceil(part.bytes.length / 3);
    res.write(part.bytes.subarray(0, third));
    setTimeout(() => res.write(part.bytes.subarray(third, 2 * third)), 50);
    setTimeout(() => res.end(part.bytes.subarray(2 * third)), 100);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/live.m3u8') return playlist(req, res, url);
    if (path === '/timestamps.json' && options.timestamps !== false) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(timestamps()));
      return;
    }
    const partMatch = /^\/p(\d+)\.(\d+)\.ts$/.exec(path);
    if (partMatch !== null) {
      const msn = Number(partMatch[1]);
      const index = Number(partMatch[2]);
      const found = findPart(msn, index);
      if (found !== null) return sendPart(res, found, false);
      const next = nextPos();
      if (msn === next.msn && index === next.index) {
        stats.hinted += 1;
        const hinted = (): FakePart | null => findPart(msn, index);
        wait(
          req,
          () => hinted() !== null,
          () => sendPart(res, hinted() as FakePart, true),
          () => res.writeHead(503).end(),
        );
        return;
      }
      res.writeHead(404).end();
      return;
    }
    const segMatch = /^\/s(\d+)\.ts$/.exec(path);
    const segment = segMatch === null ? undefined : complete().find((s) => s.msn === Number(segMatch[1]));
    if (segment !== undefined) {
      res
        .writeHead(200, { 'content-type': 'video/mp2t' })
        .end(Buffer.concat(segment.parts.map((p) => p.bytes)));
      return;
    }
    res.writeHead(404).end();
  };
  // An https.Server is a net.Server with the same listen and close: typed as the http one here.
  const server: Server =
    options.tls === undefined
      ? createServer(handler)
      : (createHttpsServer(options.tls, handler) as unknown as Server);

  const timestamps = (): TimestampsDocument => ({
    schema: TIMESTAMPS_SCHEMA,
    serverTime: Date.now(),
    stream: {
      codec: 'synthetic',
      width: null,
      height: null,
      frameRate: null,
      audio: false,
      source: 'test',
      captureSource: 'wallclock',
      frameCode: null,
      partTarget,
      targetDuration,
    },
    mediaSequence: complete()[0]?.msn ?? 0,
    discontinuitySequence: 0,
    segments: segments.map((s) => ({
      msn: s.msn,
      uri: `s${s.msn}.ts`,
      duration: listedPart * s.parts.length,
      discontinuity: false,
      firstPts: 0,
      capture: s.parts[0]?.capture ?? 0,
      programDateTime: pdtOf(s),
      publish: s.parts.at(-1)?.publish ?? 0,
      complete: s.complete,
      parts: s.parts.map((p) => ({
        msn: s.msn,
        part: p.index,
        uri: `p${s.msn}.${p.index}.ts`,
        duration: listedPart,
        independent: p.index === 0,
        firstPts: 0,
        capture: p.capture,
        frameCaptures: [p.capture],
        publish: p.publish,
      })),
    })),
  });

  const origin = await listen(server, options.tls === undefined ? 'http' : 'https');
  return {
    url: `${origin}/live.m3u8`,
    origin,
    stats,
    close: async () => {
      clearInterval(timer);
      for (const waiter of waiters) waiter.cancel();
      waiters.clear();
      await closeServer(server);
    },
  };
}
