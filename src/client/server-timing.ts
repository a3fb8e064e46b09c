/**
 * Parses a `Server-Timing` header into `{ name: dur }` (ms). Metrics without `dur` are kept as 0
 * so a check can still see the server named them. Pure. Runs on every response of every viewer,
 * so the common unquoted form takes a split-only path.
 * @see https://www.w3.org/TR/server-timing/#the-server-timing-header-field
 */
export function parseServerTiming(header: string | string[] | undefined): Record<string, number> | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? header.join(',') : header;
  const quoted = text.includes('"');
  const out: Record<string, number> = {};
  let found = false;
  for (const entry of quoted ? splitOutsideQuotes(text, ',') : text.split(',')) {
    const [rawName, ...params] = quoted ? splitOutsideQuotes(entry, ';') : entry.split(';');
    const name = rawName?.trim();
    if (name === undefined || name === '') continue;
    let dur = 0;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'dur') continue;
      const value = Number(
        param
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
      if (Number.isFinite(value)) dur = value;
    }
    out[name] = dur;
    found = true;
  }
  return found ? out : null;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
