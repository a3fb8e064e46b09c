import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { type EncodedBody, TextBody } from './text-body.js';

export type OriginRequest = IncomingMessage | Http2ServerRequest;
export type OriginResponse = ServerResponse | Http2ServerResponse;
/** A handler of an extra route (e.g. `/player`, `/hls.min.js`). CORS headers are already set. */
export type OriginRouteHandler = (req: OriginRequest, res: OriginResponse) => void | Promise<void>;

const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';
const ANY_ORIGIN = '*';
const EXPOSE_HEADERS = 'Access-Control-Expose-Headers';
const EXPOSED = 'Server-Timing, Content-Length, Date, Age';

/** Sets the CORS headers (every origin response has them: any page may read the stream and its
 *  timings) on a response whose headers are built with `setHeader`. */
export function setCors(res: OriginResponse): void {
  res.setHeader(ALLOW_ORIGIN, ANY_ORIGIN);
  res.setHeader(EXPOSE_HEADERS, EXPOSED);
}

/** Sends a whole body with its type, length and Cache-Control (other headers set before). */
export function sendBody(
  res: OriginResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
  cache: string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // The HTTP/2 compatibility response has the same surface as ServerResponse for these calls.
  const out = res as ServerResponse;
  out.setHeader('Content-Type', type);
  out.setHeader('Cache-Control', cache);
  out.setHeader('Content-Length', String(bytes.length));
  out.writeHead(status);
  out.end(bytes);
}

const GZIP_HEADERS: readonly string[] = Object.freeze([
  'Vary',
  'Accept-Encoding',
  'Content-Encoding',
  'gzip',
]);
const IDENTITY_HEADERS: readonly string[] = Object.freeze(['Vary', 'Accept-Encoding']);

/** A flat header array for `writeHead`: CORS first, the per-response values (Server-Timing,
 *  Content-Type, Cache-Control, Content-Length) at 5, 7, 9 and 11, then `extra`. */
function newHeaderArray(extra: readonly string[] | null): string[] {
  const headers = [
    ALLOW_ORIGIN,
    ANY_ORIGIN,
    EXPOSE_HEADERS,
    EXPOSED,
    'Server-Timing',
    '',
    'Content-Type',
    '',
    'Cache-Control',
    '',
    'Content-Length',
    '',
  ];
  if (extra !== null) headers.push(...extra);
  return headers;
}

/** One header array per response shape, refilled for every response: `writeHead` reads the array
 *  into its header text and keeps none of it, and an array per response is ~150 bytes of garbage
 *  on the path of every part and playlist. */
const PLAIN_ARRAY = newHeaderArray(null);
const GZIP_ARRAY = newHeaderArray(GZIP_HEADERS);
const IDENTITY_ARRAY = newHeaderArray(IDENTITY_HEADERS);

function headerArrayFor(extra: readonly string[] | null): string[] {
  if (extra === null) return PLAIN_ARRAY;
  if (extra === GZIP_HEADERS) return GZIP_ARRAY;
  if (extra === IDENTITY_HEADERS) return IDENTITY_ARRAY;
  return newHeaderArray(extra);
}

/**
 * Sends a whole body with CORS, Server-Timing, type, length, Cache-Control and `extra` headers
 * (name, value, ...), none set before. Over HTTP/1.1 the headers go to `writeHead` as one flat
 * array, which skips the per-header bookkeeping of `setHeader`: this is the path of every part
 * and playlist response.
 */
export function sendWhole(
  res: OriginResponse,
  status: number,
  type: string,
  body: Uint8Array,
  cache: string,
  serverTiming: string,
  extra: readonly string[] | null = null,
): void {
  if (res instanceof ServerResponse) {
    const headers = headerArrayFor(extra);
    headers[5] = serverTiming;
    headers[7] = type;
    headers[9] = cache;
    headers[11] = String(body.length);
    res.writeHead(status, headers);
    res.end(body);
    return;
  }
  setCors(res);
  res.setHeader('Server-Timing', serverTiming);
  if (extra !== null) {
    for (let i = 0; i + 1 < extra.length; i += 2) res.setHeader(extra[i] as string, extra[i + 1] as string);
  }
  sendBody(res, status, type, body, cache);
}

let lastAccept: string | null = null;
let lastAcceptsGzip = false;

/** Whether the request accepts a gzip body. Reads the raw headers: no header object is built. */
export function acceptsGzip(req: OriginRequest): boolean {
  const raw = req.rawHeaders;
  let accept: string | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 15 && name.toLowerCase() === 'accept-encoding') {
      accept = accept === null ? (raw[i + 1] as string) : `${accept},${raw[i + 1]}`;
    }
  }
  if (accept === null) return false;
  // Every viewer of a stream sends the same value: remember the last answer.
  if (accept !== lastAccept) {
    lastAccept = accept;
    lastAcceptsGzip = /\bgzip\b/i.test(accept);
  }
  return lastAcceptsGzip;
}

/**
 * Sends a text body, gzip-compressed when the client accepts it (playlists, timestamps.json),
 * with CORS and Server-Timing (./sendWhole). A prepared body (`TextBody`) is compressed once
 * however often it is sent; only the form sent is read.
 */
export function sendText(
  req: OriginRequest,
  res: OriginResponse,
  status: number,
  type: string,
  text: string | EncodedBody,
  cache: string,
  serverTiming: string,
): void {
  const body = typeof text === 'string' ? new TextBody(text) : text;
  if (acceptsGzip(req)) {
    sendWhole(res, status, type, body.gzip, cache, serverTiming, GZIP_HEADERS);
    return;
  }
  sendWhole(res, status, type, body.bytes, cache, serverTiming, IDENTITY_HEADERS);
}

/** Adapts static routes (`playerPageRoutes()` of the browser player) to origin handlers. */
export function staticRoutes(
  routes: Record<string, { contentType: string; body: () => Buffer | string }>,
): Record<string, OriginRouteHandler> {
  const handlers: Record<string, OriginRouteHandler> = {};
  for (const [path, route] of Object.entries(routes)) {
    handlers[path] = (_req, res) => {
      res.setHeader('Content-Type', route.contentType);
      res.setHeader('Cache-Control', 'no-cache');
      res.end(route.body());
    };
  }
  return handlers;
}
