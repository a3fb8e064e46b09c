/**
 * The `Server-Timing` header: what the origin writes on every response, so any client (a
 * browser's devtools included) sees where time went, and how both llhls clients read it back.
 * Names:
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

/** The last `publish` and `version` members formatted, for parts (no version) and playlists:
 *  every response of a burst shares them (one part's viewers, one playlist version's). */
interface Tail {
  publish: number;
  version: number | undefined;
  text: string;
}
const tails: { part: Tail; playlist: Tail } = {
  part: { publish: Number.NaN, version: undefined, text: '' },
  playlist: { publish: Number.NaN, version: Number.NaN, text: '' },
};

/** `, publish;desc="…"` (when finite) and `, version;desc="…"` (when given), formatted once per
 *  value pair. */
function tailOf(publish: number | undefined, version: number | undefined): string {
  const p = publish !== undefined && Number.isFinite(publish) ? publish : Number.NaN;
  const kept = version === undefined ? tails.part : tails.playlist;
  if (!Object.is(kept.publish, p) || kept.version !== version) {
    kept.publish = p;
    kept.version = version;
    kept.text =
      (Number.isNaN(p) ? '' : `, publish;desc="${p.toFixed(3)}"`) +
      (version === undefined ? '' : `, version;desc="${version}"`);
  }
  return kept.text;
}

/** Built by concatenation: it runs once per response, thousands of times a second. */
export function formatServerTiming(values: ServerTimingValues): string {
  let out = `hold;dur=${values.holdMs.toFixed(1)}`;
  const publish = values.publish;
  if (publish !== undefined && Number.isFinite(publish) && values.now !== undefined) {
    out += `, age;dur=${Math.max(0, values.now - publish).toFixed(1)}`;
  }
  return out + tailOf(publish, values.version);
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const SEMICOLON = 59; // ;

/**
 * Parses a `Server-Timing` header into `{ name: dur }` (ms). Metrics without `dur` are kept as 0
 * so a check can still see the server named them. Pure. Runs on every response of every viewer,
 * so it scans the text once by index (commas and semicolons inside quotes do not split) and only
 * cuts out the names and `dur` values.
 * @see https://www.w3.org/TR/server-timing/#the-server-timing-header-field
 */
export function parseServerTiming(header: string | string[] | undefined): Record<string, number> | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? header.join(',') : header;
  const n = text.length;
  const out: Record<string, number> = {};
  let found = false;
  let start = 0;
  while (start <= n) {
    // One metric: [start, end), its parameters after the first semicolon outside quotes.
    let end = start;
    let nameEnd = -1;
    let quoted = false;
    for (; end < n; end += 1) {
      const c = text.charCodeAt(end);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && c === COMMA) break;
      else if (!quoted && c === SEMICOLON && nameEnd < 0) nameEnd = end;
    }
    const name = text.slice(start, nameEnd < 0 ? end : nameEnd).trim();
    if (name !== '') {
      out[name] = nameEnd < 0 ? 0 : durOf(text, nameEnd + 1, end);
      found = true;
    }
    start = end + 1;
  }
  return found ? out : null;
}

/** The last valid `dur` among the parameters in [from, to) (semicolon-separated), else 0. */
function durOf(text: string, from: number, to: number): number {
  let dur = 0;
  let start = from;
  while (start <= to) {
    let end = start;
    let quoted = false;
    for (; end < to; end += 1) {
      const c = text.charCodeAt(end);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && c === SEMICOLON) break;
    }
    const eq = text.indexOf('=', start);
    if (eq >= 0 && eq < end && text.slice(start, eq).trim().toLowerCase() === 'dur') {
      let value = text.slice(eq + 1, end).trim();
      if (value.startsWith('"')) value = value.slice(1);
      if (value.endsWith('"')) value = value.slice(0, -1);
      const number = Number(value);
      if (Number.isFinite(number)) dur = number;
    }
    start = end + 1;
  }
  return dur;
}
