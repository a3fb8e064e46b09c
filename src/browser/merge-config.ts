/**
 * Merges player configurations, later layers over earlier ones: plain objects merge key by key
 * (Shaka Player's options nest: `{streaming: {liveSync: {...}}}`), anything else (numbers,
 * arrays, null) replaces. hls.js's options are flat, so for it this is a plain spread.
 */
export function mergeConfig(...layers: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const before = out[key];
      out[key] = isPlainObject(before) && isPlainObject(value) ? mergeConfig(before, value) : value;
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
