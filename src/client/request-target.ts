/** Where a GET goes: the origin (connection key) and the request target (path and query). */
export interface RequestTarget {
  origin: string;
  path: string;
}

/** Distinct URLs remembered: a few playlist reloads and parts around the live edge. */
const MAX_TARGETS = 256;
const targets = new Map<string, RequestTarget>();

/**
 * Splits a URL into origin and request target, as `new URL()` normalizes it. Every viewer of a
 * stream asks for the same URLs (the same part, the same blocking reload), so the parse is done
 * once per distinct URL rather than once per request. Throws like `new URL()` on a bad URL.
 */
export function requestTarget(url: string): RequestTarget {
  const cached = targets.get(url);
  if (cached !== undefined) return cached;
  const parsed = new URL(url);
  const target: RequestTarget = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
  targets.set(url, target);
  if (targets.size > MAX_TARGETS) {
    const oldest = targets.keys().next().value;
    if (oldest !== undefined) targets.delete(oldest);
  }
  return target;
}
