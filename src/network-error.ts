/**
 * What kind of failure a request met when no HTTP status came back. A refused or reset
 * connection says the server is not there (or went away): it is counted as a connection error,
 * never as a verdict on the URI or on how long the server held a request. Pure.
 */
export const NetworkErrorKind = {
  /** Could not connect, or the connection was closed or reset: no answer from a server. */
  Connection: 'connection',
  /** Connected, but no headers (or body) within the request timeout. */
  Timeout: 'timeout',
  /** The TLS handshake failed (certificate not trusted, name mismatch, ...). */
  Tls: 'tls',
  /** The client gave up (the run ended). */
  Aborted: 'aborted',
  /** Anything else (a body that does not decode, a bad URL). */
  Other: 'other',
} as const;
export type NetworkErrorKind = (typeof NetworkErrorKind)[keyof typeof NetworkErrorKind];

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'ABORT_ERR']);

/** The error's `code` (its cause's, for wrapped errors), if any. */
export function errorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

/** Classifies a request failure by its error code (Node's system errors, undici's, OpenSSL's). */
export function classifyNetworkError(error: unknown): NetworkErrorKind {
  const code = errorCode(error);
  if (error instanceof Error && error.name === 'AbortError') return NetworkErrorKind.Aborted;
  if (code === null) return NetworkErrorKind.Other;
  if (ABORT_CODES.has(code)) return NetworkErrorKind.Aborted;
  if (TIMEOUT_CODES.has(code)) return NetworkErrorKind.Timeout;
  if (CONNECTION_CODES.has(code)) return NetworkErrorKind.Connection;
  if (isTlsCode(code)) return NetworkErrorKind.Tls;
  return NetworkErrorKind.Other;
}

/** OpenSSL's and Node's certificate and handshake codes (DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
export function isTlsCode(code: string): boolean {
  return (
    code.includes('CERT') ||
    code.includes('SELF_SIGNED') ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}

/** The request met no HTTP answer because of the network or the server being gone. */
export function isNoAnswer(kind: NetworkErrorKind | null): boolean {
  return kind === NetworkErrorKind.Connection || kind === NetworkErrorKind.Tls;
}
