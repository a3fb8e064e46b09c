import { type Dispatcher, fetch } from 'undici';
import { isTimestampsDocument, TimestampsView } from './timestamps-view.js';

/**
 * Fetches `<origin>/timestamps.json` (I/O adapter). Returns null when the server does not publish
 * one (any other server than llhls): the browser client then uses PROGRAM-DATE-TIME alone. With
 * `view`, the response is added to it and the same view returned.
 */
export async function fetchTimestamps(
  origin: string,
  view: TimestampsView | null,
  signal: AbortSignal,
  dispatcher?: Dispatcher,
): Promise<TimestampsView | null> {
  let body: unknown;
  try {
    const response = await fetch(`${origin}/timestamps.json`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    if (!response.ok) return view;
    body = await response.json();
  } catch {
    return view;
  }
  if (!isTimestampsDocument(body)) return view;
  if (view === null) return new TimestampsView(body);
  view.add(body);
  return view;
}
