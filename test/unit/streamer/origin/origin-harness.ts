/** Test helpers: an origin over a synthetic packager, and a node:http client that times responses. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Origin, type OriginOptions } from '../../../../streamer/origin/origin.js';
import { servedMedia } from '../../../../streamer/origin/served-media.js';
import type { Packager } from '../../../../streamer/packager/packager.js';
import type { StreamDescription } from '../../../../streamer/packager/timestamps-view.js';
import { frames, makePackager, program, type SyntheticFrame } from '../packager/synthetic-stream.js';

export const clock = (): number => performance.timeOrigin + performance.now();

export const stream: StreamDescription = {
  codec: 'h264',
  width: 1280,
  height: 720,
  frameRate: 30,
  audio: false,
  source: 'test',
  captureSource: 'wallclock',
  frameCode: null,
};

export interface Harness {
  packager: Packager;
  origin: Origin;
  base: string;
  /** Feeds the next n synthetic frames now. */
  push(n: number): SyntheticFrame[];
}

export async function startOrigin(
  options: Partial<OriginOptions> = {},
  packager: Packager = makePackager(),
): Promise<Harness> {
  const origin = new Origin({ media: servedMedia(packager), now: clock, stream, ...options });
  const address = await origin.listen();
  let next = 0;
  packager.push([{ type: 'program', program: program() }], clock());
  return {
    packager,
    origin,
    base: address.url,
    push(n: number): SyntheticFrame[] {
      const list = frames(n, { startFrame: next });
      next += n;
      for (const frame of list) packager.push(frame.events, clock());
      return list;
    },
  };
}

export interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Body decoded from gzip when it was compressed. */
  text: string;
  start: number;
  firstByte: number;
  end: number;
}

export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const start = clock();
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let firstByte = Number.NaN;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (Number.isNaN(firstByte)) firstByte = clock();
        chunks.push(chunk);
      });
      res.on('end', () => {
        const end = clock();
        const body = Buffer.concat(chunks);
        const text =
          res.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString() : body.toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, start, firstByte, end });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves after `ms` (lets held requests reach the server). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `condition` holds (e.g. a request reached the server and is held). */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = clock() + timeoutMs;
  while (!condition()) {
    if (clock() > deadline) throw new Error('condition not met in time');
    await sleep(2);
  }
}
