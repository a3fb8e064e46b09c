import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { connectOptions, type TlsOptions } from '../tls-options.js';

/** A streamer that did not become measurable: why, in one line. */
export class NotReadyError extends Error {}

/** A playlist a player can start on: it lists a whole segment. */
export function listsMedia(text: string): boolean {
  return text.startsWith('#EXTM3U') && /^#EXTINF:/m.test(text);
}

/**
 * Polls `url` every 200 ms until it answers a playlist that lists a segment, the way a viewer
 * arriving at a running stream finds it. Gives up when `timeoutMs` passes, when `gone` resolves
 * (the streamer's process exited) or `signal` aborts.
 * @throws NotReadyError saying what the URL last answered
 */
export async function waitForPlaylist(
  url: string,
  options: { timeoutMs: number; signal: AbortSignal; tls: TlsOptions; gone?: Promise<string> },
): Promise<void> {
  const agent = new Agent({ connect: connectOptions(options.tls) });
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  let goneWhy: string | null = null;
  void options.gone?.then((why) => {
    goneWhy = why;
  });
  try {
    while (!options.signal.aborted) {
      if (goneWhy !== null) throw new NotReadyError(goneWhy);
      try {
        const response = await request(url, {
          dispatcher: agent,
          signal: AbortSignal.any([options.signal, AbortSignal.timeout(2000)]),
        });
        const body = await response.body.text();
        if (response.statusCode === 200 && listsMedia(body)) return;
        last =
          response.statusCode === 200
            ? `a playlist without a segment yet (${body.length} bytes)`
            : `HTTP ${response.statusCode}`;
      } catch (error) {
        last = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
      if (Date.now() >= deadline) {
        throw new NotReadyError(
          `${url} listed no segment within ${options.timeoutMs / 1000} s (last: ${last}); raise ready-timeout if it starts slowly`,
        );
      }
      await sleep(200, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    await agent.close().catch(() => undefined);
  }
}
