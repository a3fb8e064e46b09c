/**
 * The schemas are open (additive changes keep the version); closing every object that lists its
 * properties makes a field the TS types have and the schema lacks (or a typo) fail a test.
 */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closed(s));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v);
  if ('properties' in out) out['additionalProperties'] = false;
  return out;
}
