import { connect } from 'node:net';
import { formatDuration } from '../cli/duration.js';
import { isLoopback } from '../loopback.js';
import { describeImpairment, type Impairment } from './impairment.js';
import type { Profile } from './profile.js';
import { type ProxyOptions, type ProxyStats, startProxy } from './proxy.js';

/** Version of the `llhls proxy --json` output (schemas/proxy-result.schema.json). */
export const PROXY_RESULT_SCHEMA = 'llhls.proxy/1';

/** What `llhls proxy` reports (`--json`): once it listens, and again, with the final stats, at exit. */
export interface ProxyResult {
  schema: typeof PROXY_RESULT_SCHEMA;
  /** The URL to open: the target URL with the proxy's address. */
  url: string;
  /** `host:port` the proxy listens on. */
  listen: string;
  /** `host:port` of the origin. */
  target: string;
  seed: number;
  /** The impairment from the flags (a profile's steps apply over it). */
  impairment: Impairment;
  profile: Profile | null;
  warnings: string[];
  /** null in the first document; the final statistics in the last. */
  status: ProxyStats | null;
}

export interface ProxyIo {
  /** Aborting it closes the proxy (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Human lines (stderr). */
  log: (line: string) => void;
  /** Called once the proxy listens. */
  ready: (result: ProxyResult) => void;
  /** 0: no status lines. */
  statusIntervalMs: number;
}

/** One status line: `12 s | 3 open, 14 connections | down 4.1 MB at 1.93 Mbit/s | up 0.1 MB | cascade step 2/5`. */
export function formatProxyStatus(stats: ProxyStats, uptimeMs: number, downBitsPerSecond: number): string {
  const closedByToxic = stats.closed.reset_peer + stats.closed.timeout;
  return [
    `${Math.round(uptimeMs / 1000)} s`,
    `${stats.connections.open} open, ${stats.connections.total} connections`,
    `down ${(stats.bytes.down / 1e6).toFixed(1)} MB at ${(downBitsPerSecond / 1e6).toFixed(2)} Mbit/s`,
    `up ${(stats.bytes.up / 1e6).toFixed(1)} MB`,
    ...(stats.queued.down > 0 ? [`queued ${(stats.queued.down / 1e3).toFixed(0)} kB`] : []),
    ...(closedByToxic > 0 ? [`closed by toxics ${closedByToxic}`] : []),
    ...(stats.closed['upstream-error'] > 0 ? [`origin errors ${stats.closed['upstream-error']}`] : []),
    ...(stats.profile === null
      ? []
      : [`${stats.profile.name} step ${stats.profile.step + 1}/${stats.profile.steps}`]),
  ].join(' | ');
}

/**
 * Runs `llhls proxy` until `io.signal` aborts: starts the proxy, reports its URL, logs each
 * impairment change and a status line periodically, then closes every connection.
 */
export async function runProxy(
  options: ProxyOptions & { listen: { host: string; port: number } },
  io: ProxyIo,
): Promise<ProxyResult> {
  const warnings: string[] = [];
  if (!isLoopback(options.listen.host)) {
    warnings.push(
      `listening on ${options.listen.host}: anyone who can reach this host can reach ${options.target} through the proxy`,
    );
  }
  const proxy = await startProxy(options);
  const refused = await probe(proxy.stats().target);
  if (refused !== null) {
    warnings.push(
      `the origin ${proxy.stats().target} does not answer (${refused}): clients are reset until it does`,
    );
  }
  const describe = (status: ProxyStats | null): ProxyResult => {
    const stats = proxy.stats();
    return {
      schema: PROXY_RESULT_SCHEMA,
      url: proxy.url,
      listen: stats.listen,
      target: stats.target,
      seed: stats.seed,
      impairment: options.impairment ?? stats.impairment,
      profile: options.profile ?? null,
      warnings,
      status,
    };
  };
  io.ready(describe(null));
  for (const warning of warnings) io.log(`warning: ${warning}`);
  const startedAt = performance.now();
  const seenErrors = new Set<string>();
  const logImpairment = ({ impairment, profile }: Pick<ProxyStats, 'impairment' | 'profile'>): void => {
    const step = options.profile?.steps[profile?.step ?? -1];
    const where =
      profile === null || step === undefined
        ? 'impairment'
        : `${profile.name} step ${profile.step + 1}/${profile.steps} for ${formatDuration(step.durationMs)}`;
    io.log(`${where}: ${describeImpairment(impairment)}`);
  };
  logImpairment(proxy.stats());
  proxy.on('impairment', logImpairment);
  proxy.on('upstream-error', ({ error }) => {
    if (seenErrors.has(error)) return;
    seenErrors.add(error);
    io.log(
      `origin ${proxy.stats().target}: ${error} (the client was reset; counted in the status line from now on)`,
    );
  });
  let last = { at: startedAt, down: 0 };
  const timer =
    io.statusIntervalMs > 0
      ? setInterval(() => {
          const stats = proxy.stats();
          const now = performance.now();
          const rate = ((stats.bytes.down - last.down) * 8 * 1000) / Math.max(1, now - last.at);
          last = { at: now, down: stats.bytes.down };
          io.log(formatProxyStatus(stats, now - startedAt, rate));
        }, io.statusIntervalMs)
      : undefined;
  try {
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    clearInterval(timer);
  }
  const final = describe(proxy.stats());
  await proxy.close();
  return final;
}

/** Whether a TCP connection to `hostPort` opens within 2 s: null if it does, else why not. */
function probe(hostPort: string): Promise<string | null> {
  const cut = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, cut).replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(hostPort.slice(cut + 1)), timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('no answer in 2 s');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
