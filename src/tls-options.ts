import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { LlhlsError, LlhlsErrorCode } from './errors.js';
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

/** The PEM certificates in a text, one string each. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * `--insecure` and `--ca FILE` as options: reads FILE and checks it holds PEM certificates.
 * @throws LlhlsError InvalidFlag naming `--ca` when FILE cannot be read or holds none
 */
export async function readTlsOptions(flags: {
  insecure?: boolean;
  ca?: string | undefined;
}): Promise<TlsOptions> {
  if (flags.ca === undefined) return { insecure: flags.insecure === true, caFile: null, ca: null };
  let text: string;
  try {
    text = await readFile(flags.ca, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--ca ${flags.ca} cannot be read (${code}): pass a PEM file with the server's certificate or its CA's`,
    );
  }
  const certificates = pemCertificates(text);
  const unreadable = certificates.filter((pem) => {
    try {
      new X509Certificate(pem);
      return false;
    } catch {
      return true;
    }
  });
  if (certificates.length === 0 || unreadable.length > 0) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--ca ${flags.ca} holds no readable PEM certificate (-----BEGIN CERTIFICATE-----): pass the server's certificate or its CA's`,
    );
  }
  return { insecure: flags.insecure === true, caFile: flags.ca, ca: text };
}

/** Options for undici's `connect` (and Node's tls.connect). */
export function connectOptions(tls: TlsOptions): { rejectUnauthorized: boolean; ca?: string[] } {
  if (tls.insecure) return { rejectUnauthorized: false };
  // `ca` replaces Node's trusted authorities: keep them, so --ca only adds.
  return tls.ca === null
    ? { rejectUnauthorized: true }
    : { rejectUnauthorized: true, ca: [...rootCertificates, tls.ca] };
}

/** What to do about a request that failed on the server's certificate; null for other errors. */
export function tlsAdvice(error: unknown): string | null {
  const code = typeof error === 'string' ? (error.split(' ')[0] ?? '') : (errorCode(error) ?? '');
  if (!isTlsCode(code)) return null;
  return `the server's certificate is not trusted (${code}): pass --ca FILE with its certificate (or its CA's), or --insecure to accept any certificate`;
}
