import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/** The origin behind the proxy. */
export interface ProxyTarget {
  host: string;
  port: number;
  /** `host:port` (IPv6 in brackets). */
  hostPort: string;
  /** The URL a client opens through a proxy at `address` (`host:port`): the target URL with
   *  the proxy's address, or `http://address/` when the target was given as host:port. */
  via(address: string): string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Reads `--target`: an http(s) URL (`http://127.0.0.1:8080/playlist.m3u8`) or `host:port`.
 * @throws LlhlsError `LLHLS_INVALID_FLAG` naming the forms accepted
 */
export function parseTarget(text: string, flag = '--target'): ProxyTarget {
  const value = text.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let url: URL | null = null;
  try {
    url = new URL(hasScheme ? value : `tcp://${value}`);
  } catch {
    url = null;
  }
  const bad = (why: string): LlhlsError =>
    new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} expects the origin's URL (http://127.0.0.1:8080/playlist.m3u8) or host:port; ${why}: '${text}'`,
    );
  if (url === null || url.hostname === '') throw bad('received');
  if (hasScheme && DEFAULT_PORTS[url.protocol] === undefined)
    throw bad(`${url.protocol} is not http or https`);
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (port === undefined) throw bad('a port is needed');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostPort = `${url.hostname}:${port}`;
  const target = url;
  return {
    host,
    port,
    hostPort,
    via(address: string): string {
      if (!hasScheme) return `http://${address}/`;
      const through = new URL(target.href);
      through.host = address;
      return through.href;
    },
  };
}
