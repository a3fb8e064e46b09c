import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { gzipSync } from 'node:zlib';

export type OriginRequest = IncomingMessage | Http2ServerRequest;
export type OriginResponse = ServerResponse | Http2ServerResponse;

/** Sends a whole body with its type, length and Cache-Control. */
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

/** Sends a text body, gzip-compressed when the client accepts it (playlists, timestamps.json). */
export function sendText(
  req: OriginRequest,
  res: OriginResponse,
  status: number,
  type: string,
  text: string,
  cache: string,
): void {
  res.setHeader('Vary', 'Accept-Encoding');
  const accept = req.headers['accept-encoding'];
  const acceptText = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  if (/\bgzip\b/i.test(acceptText)) {
    res.setHeader('Content-Encoding', 'gzip');
    // Level 1: a playlist is a few KiB and is answered on the hot path of every part.
    sendBody(res, status, type, gzipSync(text, { level: 1 }), cache);
    return;
  }
  sendBody(res, status, type, text, cache);
}
