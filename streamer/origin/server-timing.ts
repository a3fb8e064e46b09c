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

export function formatServerTiming(values: ServerTimingValues): string {
  const entries = [`hold;dur=${values.holdMs.toFixed(1)}`];
  if (values.publish !== undefined && Number.isFinite(values.publish)) {
    if (values.now !== undefined)
      entries.push(`age;dur=${Math.max(0, values.now - values.publish).toFixed(1)}`);
    entries.push(`publish;desc="${values.publish.toFixed(3)}"`);
  }
  if (values.version !== undefined) entries.push(`version;desc="${values.version}"`);
  return entries.join(', ');
}
