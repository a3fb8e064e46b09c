/**
 * What the server says about its stream, for run.json: the `stream` object of
 * `<origin>/timestamps.json` when it publishes one (llhls serve does), else null. Never throws:
 * a server without it is normal.
 */
export async function fetchStreamInfo(
  url: string,
  signal: AbortSignal,
): Promise<Record<string, unknown> | null> {
  try {
    const response = await fetch(new URL('/timestamps.json', url), {
      signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const doc = (await response.json()) as { stream?: unknown };
    return typeof doc.stream === 'object' && doc.stream !== null
      ? (doc.stream as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
