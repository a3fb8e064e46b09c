/**
 * The `Server-Timing` header every origin response carries, so any client (a browser's devtools
 * included) sees where time went. Names:
 * - `hold;dur=<ms>`: how long the request was held (blocking reload, preload hint) before the
 *   response started; 0 when answered at once.
 * - `age;dur=<ms>`: for parts, segments and playlists, how long before the response started the
 *   resource (the part, the segment, the playlist version) was published.
 * - `publish;desc="<epoch ms>"`: that publish instant on the server clock (epoch ms, 3 decimals).
 * - `version;desc="<n>"`: for playlists, the playlist version (increases on every change).
 * @see https://www.w3.org/TR/server-timing/
 */
export interface ServerTimingValues {
  holdMs: number;
  publish?: number;
  now?: number;
  version?: number;
}

/** `formatServerTiming({ holdMs: 0 })`: the value of every response answered at once. */
export const SERVER_TIMING_NOT_HELD = 'hold;dur=0.0';

/** Built by concatenation: it runs once per response, thousands of times a second. */
export function formatServerTiming(values: ServerTimingValues): string {
  let out = `hold;dur=${values.holdMs.toFixed(1)}`;
  const publish = values.publish;
  if (publish !== undefined && Number.isFinite(publish)) {
    if (values.now !== undefined) out += `, age;dur=${Math.max(0, values.now - publish).toFixed(1)}`;
    out += `, publish;desc="${publish.toFixed(3)}"`;
  }
  if (values.version !== undefined) out += `, version;desc="${values.version}"`;
  return out;
}
