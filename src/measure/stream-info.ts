import { Agent, request } from 'undici';
import { connectOptions, type TlsOptions } from '../tls-options.js';

/**
 * What the server says about its stream, for run.json: the `stream` object of
 * `<origin>/timestamps.json` when it publishes one (llhls serve does), else null. Never throws:
 * a server without it is normal.
 */
export async function fetchStreamInfo(
  url: string,
  signal: AbortSignal,
  tls: TlsOptions,
): Promise<Record<string, unknown> | null> {
  const agent = new Agent({ connect: connectOptions(tls) });
  try {
    const response = await request(new URL('/timestamps.json', url), {
      dispatcher: agent,
      signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return null;
    }
    const doc = (await response.body.json()) as { stream?: unknown };
    return typeof doc.stream === 'object' && doc.stream !== null
      ? (doc.stream as Record<string, unknown>)
      : null;
  } catch {
    return null;
  } finally {
    await agent.close().catch(() => undefined);
  }
}
