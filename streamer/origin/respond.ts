import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { TextBody } from './text-body.js';

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

/** Whether the request accepts a gzip body. */
function acceptsGzip(req: OriginRequest): boolean {
  const accept = req.headers['accept-encoding'];
  if (accept === undefined) return false;
  const acceptText = Array.isArray(accept) ? accept.join(',') : accept;
  return /\bgzip\b/i.test(acceptText);
}

/**
 * Sends a text body, gzip-compressed when the client accepts it (playlists, timestamps.json).
 * A prepared `TextBody` is compressed once however often it is sent.
 */
export function sendText(
  req: OriginRequest,
  res: OriginResponse,
  status: number,
  type: string,
  text: string | TextBody,
  cache: string,
): void {
  res.setHeader('Vary', 'Accept-Encoding');
  const body = typeof text === 'string' ? new TextBody(text) : text;
  if (acceptsGzip(req)) {
    res.setHeader('Content-Encoding', 'gzip');
    sendBody(res, status, type, body.gzip, cache);
    return;
  }
  sendBody(res, status, type, body.bytes, cache);
}
