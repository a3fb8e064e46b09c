import { rootCertificates } from 'node:tls';
import { errorCode, isTlsCode } from './network-error.js';

/**
 * How the clients trust a TLS server: `--insecure` accepts any certificate (a self-signed one such
 * as `llhls serve --tls self-signed` makes); `--ca FILE` trusts the PEM certificates in FILE as
 * well as the usual public authorities. Recorded in run.json.
 */
export interface TlsOptions {
  insecure: boolean;
  /** The `--ca` file as given, or null. */
  caFile: string | null;
  /** Its PEM text, or null. */
  ca: string | null;
}

export const DEFAULT_TLS: TlsOptions = Object.freeze({ insecure: false, caFile: null, ca: null });

/** Options for undici's `connect` (and Node's tls.connect). */
export function connectOptions(tls: TlsOptions): { rejectUnauthorized: boolean; ca?: string[] } {
  if (tls.insecure) return { rejectUnauthorized: false };
  // `ca` replaces Node's trusted authorities: keep them, so --ca only adds.
  return tls.ca === null ? { rejectUnauthorized: true } : { rejectUnauthorized: true, ca: [...rootCertificates, tls.ca] };
}

/** What to do about a request that failed on the server's certificate; null for other errors. */
export function tlsAdvice(error: unknown): string | null {
  const code = typeof error === 'string' ? (error.split(' ')[0] ?? '') : (errorCode(error) ?? '');
  if (!isTlsCode(code)) return null;
  return `the server's certificate is not trusted (${code}): pass --ca FILE with its certificate (or its CA's), or --insecure to accept any certificate`;
}
