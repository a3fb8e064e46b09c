import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';

/** PEM certificate and key for the origin's HTTP/2 (+ HTTP/1.1) TLS server. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where it came from, for the startup message. */
  from: 'files' | 'self-signed';
}

/** `--tls-cert/--tls-key` files, or `--tls self-signed`. */
export type TlsRequest =
  | { kind: 'files'; certFile: string; keyFile: string }
  | { kind: 'self-signed'; hosts: readonly string[] };

const run = promisify(execFile);

/** Reads the given PEM files. @throws LlhlsError TlsConfig naming the file that failed. */
async function readPair(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const read = async (path: string, flag: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new LlhlsError(
        LlhlsErrorCode.TlsConfig,
        `${flag} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass a PEM file, or use --tls self-signed for local testing`,
        { cause: error },
      );
    }
  };
  const [cert, key] = [await read(certFile, '--tls-cert'), await read(keyFile, '--tls-key')];
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new LlhlsError(LlhlsErrorCode.TlsConfig, `--tls-cert ${certFile} is not a PEM certificate`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
    throw new LlhlsError(LlhlsErrorCode.TlsConfig, `--tls-key ${keyFile} is not a PEM private key`);
  }
  return { cert, key, from: 'files' };
}

/**
 * Generates a throw-away self-signed certificate (valid 30 days, for `localhost`, 127.0.0.1 and
 * the given hosts) with the `openssl` CLI in a temporary directory, removed afterwards.
 * @throws LlhlsError TlsConfig when openssl is missing or fails
 */
export async function selfSignedCertificate(hosts: readonly string[] = []): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'llhls-tls-'));
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
  for (const host of hosts) names.add(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`);
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=llhls self-signed',
      '-addext',
      `subjectAltName=${[...names].join(',')}`,
    ]);
    const [cert, key] = await Promise.all([
      readFile(join(dir, 'cert.pem'), 'utf8'),
      readFile(join(dir, 'key.pem'), 'utf8'),
    ]);
    return { cert, key, from: 'self-signed' };
  } catch (error) {
    throw new LlhlsError(
      LlhlsErrorCode.TlsConfig,
      `--tls self-signed needs the openssl CLI (${(error as Error).message.split('\n')[0]}); install it with \`sudo apt-get install openssl\`, or pass --tls-cert and --tls-key`,
      { cause: error },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves a TLS request into PEM material. */
export function loadTls(request: TlsRequest): Promise<TlsMaterial> {
  return request.kind === 'files'
    ? readPair(request.certFile, request.keyFile)
    : selfSignedCertificate(request.hosts);
}
