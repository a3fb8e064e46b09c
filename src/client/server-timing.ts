/**
 * Parses a `Server-Timing` header into `{ name: dur }` (ms). Metrics without `dur` are kept as 0
 * so a check can still see the server named them. Pure.
 * @see https://www.w3.org/TR/server-timing/#the-server-timing-header-field
 */
export function parseServerTiming(header: string | string[] | undefined): Record<string, number> | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? header.join(',') : header;
  const out: Record<string, number> = {};
  let found = false;
  for (const entry of splitOutsideQuotes(text, ',')) {
    const [rawName, ...params] = splitOutsideQuotes(entry, ';');
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
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}
