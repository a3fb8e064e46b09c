import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, request } from 'undici';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { TimeResponse } from '../hls/timestamps.js';
import type { ClockOffset } from '../run/types.js';
import { tlsAdvice } from '../tls-options.js';
import { formatMs } from './format-ms.js';
import {
  type DateProbe,
  estimateOffset,
  estimateOffsetFromDate,
  type TimeProbe,
} from './offset-estimator.js';

export interface ClockProbeOptions {
  /** Exchanges to make after the warm-up request (default 8). */
  probes?: number;
  /** Per-request limit for connecting, headers and body (default 5000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Client clock, epoch ms (default performance.timeOrigin + performance.now()). */
  now?: () => number;
  /** TLS options for the connection (which certificates to trust). */
  connect?: { rejectUnauthorized: boolean; ca?: string[] };
}

const clientClock = (): number => performance.timeOrigin + performance.now();

/**
 * Measures this host's clock offset to a server (client minus server, ms). Asks `<origin>/time`
 * (llhls origins; body `{receive, send}`) over one keep-alive connection, warming it with a first
 * request whose result is discarded. Servers without `/time` (404, or not that JSON) are timed by
 * their `Date` header instead, whose one-second resolution shows in the uncertainty; a server
 * with neither gives an assumed 0 with a note (data, not an error).
 * Accepts a playlist URL or an origin URL.
 * @throws LlhlsError `InvalidFlag` for a URL that is not http(s), `Unreachable` when no answer.
 */
export async function measureClockOffset(url: string, options: ClockProbeOptions = {}): Promise<ClockOffset> {
  const target = parseHttpUrl(url);
  const probes = Math.max(1, Math.floor(options.probes ?? 8));
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? clientClock;
  const agent = new Agent({
    connect: { timeout: timeoutMs, ...options.connect },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const send = (path: URL, method: 'GET' | 'HEAD'): Promise<Dispatcher.ResponseData> =>
    request(path, {
      dispatcher: agent,
      method,
      headers: { 'cache-control': 'no-cache' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }).catch((error: unknown) => {
      if (options.signal?.aborted) throw error;
      throw unreachable(target, error);
    });
  try {
    const timeUrl = new URL('/time', target.origin);
    // Warm-up: DNS, TCP and TLS happen here, so no probe pays for them.
    const warm = await send(timeUrl, 'GET');
    if ((await readTimeResponse(warm)) === null)
      return await probeDate(target, probes, send, now, options.signal);
    const samples: TimeProbe[] = [];
    for (let i = 0; i < probes; i++) {
      const t0 = now();
      const response = await send(timeUrl, 'GET');
      const t3 = now();
      const body = await readTimeResponse(response);
      if (body !== null) samples.push({ t0, t1: body.receive, t2: body.send, t3 });
    }
    const estimate = estimateOffset(samples);
    if (estimate === null) return await probeDate(target, probes, send, now, options.signal);
    return {
      method: 'http-time',
      offsetMs: estimate.offsetMs,
      uncertaintyMs: estimate.uncertaintyMs,
      measuredAt: now(),
      probes: estimate.probes,
      bestRttMs: estimate.bestRttMs,
      ...(estimate.consistent
        ? {}
        : {
            note: 'probes disagree by more than their round trips: a clock moved while probing, or /time is wrong',
          }),
    };
  } finally {
    await agent.close();
  }
}

async function probeDate(
  target: URL,
  probes: number,
  send: (url: URL, method: 'GET' | 'HEAD') => Promise<Dispatcher.ResponseData>,
  now: () => number,
  signal: AbortSignal | undefined,
): Promise<ClockOffset> {
  // Spread the probes over a little more than a second so that one of them straddles the
  // server's second rollover, which narrows the 1 s resolution (offset-estimator.ts).
  const spacingMs = probes > 1 ? Math.ceil(1100 / (probes - 1)) : 0;
  const samples: DateProbe[] = [];
  let method: 'GET' | 'HEAD' = 'HEAD';
  for (let i = 0; i < probes; i++) {
    if (i > 0) await sleep(spacingMs, undefined, signal === undefined ? {} : { signal });
    const t0 = now();
    let response = await send(target, method);
    let t3 = now();
    if (method === 'HEAD' && (response.statusCode === 405 || response.statusCode === 501)) {
      await response.body.dump();
      method = 'GET';
      const t0Get = now();
      response = await send(target, method);
      t3 = now();
      samples.push(...dateProbe(t0Get, t3, response));
    } else {
      samples.push(...dateProbe(t0, t3, response));
    }
    await response.body.dump();
  }
  const estimate = estimateOffsetFromDate(samples);
  if (estimate === null) {
    return {
      method: 'assumed',
      offsetMs: 0,
      uncertaintyMs: null,
      measuredAt: now(),
      probes: 0,
      bestRttMs: null,
      note: `${target.origin} answers neither /time nor with a Date header: clock offset unknown, assumed 0`,
    };
  }
  return {
    method: 'http-date',
    offsetMs: estimate.offsetMs,
    uncertaintyMs: estimate.uncertaintyMs,
    measuredAt: now(),
    probes: estimate.probes,
    bestRttMs: estimate.bestRttMs,
    note:
      `no /time at ${target.origin}: HTTP Date header, 1 s resolution, narrowed to ± ${formatMs(estimate.uncertaintyMs)} ` +
      `by ${estimate.probes} probes over ~1 s${estimate.consistent ? '' : ' (probes disagreed: a clock moved)'}`,
  };
}

function dateProbe(t0: number, t3: number, response: Dispatcher.ResponseData): DateProbe[] {
  const header = response.headers['date'];
  const dateMs = Date.parse(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  return Number.isNaN(dateMs) ? [] : [{ t0, t3, dateMs }];
}

/** The `/time` body, or null when the server has no such endpoint (any non-2xx, or other JSON). */
async function readTimeResponse(response: Dispatcher.ResponseData): Promise<TimeResponse | null> {
  if (response.statusCode < 200 || response.statusCode >= 300) {
    await response.body.dump();
    return null;
  }
  try {
    const body = (await response.body.json()) as Partial<TimeResponse> | null;
    if (typeof body?.receive === 'number' && typeof body.send === 'number' && body.send >= body.receive) {
      return { receive: body.receive, send: body.send };
    }
  } catch {
    // Not JSON: a server whose /time is something else. Fall back to Date.
  }
  return null;
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--url expects an http(s) URL such as http://127.0.0.1:8080/live.m3u8; received '${url}'`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LlhlsError(LlhlsErrorCode.InvalidFlag, `--url expects an http or https URL; received '${url}'`);
  }
  return parsed;
}

function unreachable(target: URL, error: unknown): LlhlsError {
  const e = error as { code?: string; message?: string };
  const why = e.code ?? e.message ?? String(error);
  const advice = tlsAdvice(error);
  return new LlhlsError(
    LlhlsErrorCode.Unreachable,
    advice === null
      ? `cannot reach ${target.origin} (${why}): check the URL and that the server is running`
      : `cannot reach ${target.origin}: ${advice}`,
    { cause: error },
  );
}
