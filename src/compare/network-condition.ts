import { applyPatch, describeImpairment, type Impairment, NO_IMPAIRMENT } from '../proxy/impairment.js';
import { IMPAIRMENT_KEYS, parseImpairmentFields } from '../proxy/impairment-fields.js';
import { type Profile, scaleProfile } from '../proxy/profile.js';
import { resolveProfile } from '../proxy/profile-file.js';
import { atKey, ConfigKeyError, type KeyPath, keyPathText } from './config-key-error.js';

/** The network one configuration is measured through: `llhls proxy` in front of its origin. */
export interface NetworkCondition {
  /** its name in the file's `networks:`, else null */
  name: string | null;
  /** `cascade (rates x2.5), latency 40ms`: what the table says */
  description: string;
  impairment: Impairment;
  profile: Profile | null;
  /** the proxies' draws (loss, jitter, toxicity); null: compare picks one per repeat */
  seed: number | null;
}

/** The keys of `network:`: the proxy's impairment keys (toxiproxy's names) and its profile. */
export const NETWORK_KEYS = [
  ...IMPAIRMENT_KEYS,
  'profile',
  'profile-time-scale',
  'profile-rate-scale',
  'seed',
] as const;

function positive(value: unknown, path: KeyPath): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!(Number.isFinite(n) && n > 0)) {
    throw new ConfigKeyError(
      path,
      `${keyPathText(path)} expects a number above 0 such as 0.5 or 2.5; received ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/**
 * Reads a configuration's `network:`: `none` (or null, or false) for the clean loopback without a
 * proxy; a built-in profile's name or a profile file alone (`cascade`); or a map of the proxy's
 * impairment keys, as in a profile file's steps, with `profile`, `profile-time-scale`,
 * `profile-rate-scale` and `seed`.
 * @throws ConfigKeyError naming the key under `path`
 */
export function readNetwork(
  value: unknown,
  path: KeyPath,
  name: string | null = null,
): NetworkCondition | null {
  if (value === null || value === false || value === 'none') return null;
  let fields: Record<string, unknown>;
  if (typeof value === 'string') fields = { profile: value };
  else if (typeof value === 'object' && !Array.isArray(value)) fields = value as Record<string, unknown>;
  else {
    throw new ConfigKeyError(
      path,
      `${keyPathText(path)} expects none, a profile name, or a map of impairment keys (${NETWORK_KEYS.join(', ')}); received ${JSON.stringify(value)}`,
    );
  }
  for (const key of Object.keys(fields)) {
    if (!(NETWORK_KEYS as readonly string[]).includes(key) && !key.startsWith('x-')) {
      throw new ConfigKeyError(
        [...path, key],
        `${keyPathText([...path, key])} is not a network key (keys: ${NETWORK_KEYS.join(', ')})`,
      );
    }
  }
  const impairmentFields = Object.fromEntries(
    Object.entries(fields).filter(([k]) => (IMPAIRMENT_KEYS as readonly string[]).includes(k)),
  );
  // One key at a time, so that an error is placed on its own line.
  for (const key of Object.keys(impairmentFields)) {
    atKey([...path, key], () => parseImpairmentFields({ [key]: impairmentFields[key] }, keyPathText(path)));
  }
  const impairment = applyPatch(NO_IMPAIRMENT, parseImpairmentFields(impairmentFields, keyPathText(path)));
  let profile: Profile | null = null;
  if (fields['profile'] !== undefined && fields['profile'] !== null) {
    const at = [...path, 'profile'];
    if (typeof fields['profile'] !== 'string') {
      throw new ConfigKeyError(at, `${keyPathText(at)} expects a built-in profile name or a profile file`);
    }
    const named = fields['profile'];
    profile = atKey(at, () => resolveProfile(named, keyPathText(at)));
    const scale = (key: string): number =>
      fields[key] === undefined ? 1 : positive(fields[key], [...path, key]);
    profile = scaleProfile(profile, { time: scale('profile-time-scale'), rate: scale('profile-rate-scale') });
  } else {
    for (const key of ['profile-time-scale', 'profile-rate-scale']) {
      if (fields[key] !== undefined) {
        throw new ConfigKeyError(
          [...path, key],
          `${keyPathText([...path, key])} scales a profile: add profile:`,
        );
      }
    }
  }
  const seed = fields['seed'];
  if (seed !== undefined && !(typeof seed === 'number' && Number.isInteger(seed))) {
    throw new ConfigKeyError(
      [...path, 'seed'],
      `${keyPathText([...path, 'seed'])} expects a whole number; received ${JSON.stringify(seed)}`,
    );
  }
  return {
    name,
    description: describeNetwork(impairment, profile, fields),
    impairment,
    profile,
    seed: typeof seed === 'number' ? seed : null,
  };
}

function describeNetwork(
  impairment: Impairment,
  profile: Profile | null,
  fields: Record<string, unknown>,
): string {
  const base = describeImpairment(impairment);
  if (profile === null) return base;
  const scales = [
    fields['profile-rate-scale'] === undefined ? null : `rates x${fields['profile-rate-scale']}`,
    fields['profile-time-scale'] === undefined ? null : `time x${fields['profile-time-scale']}`,
  ].filter((s) => s !== null);
  const name = `${profile.name}${scales.length === 0 ? '' : ` (${scales.join(', ')})`}`;
  return base === 'no impairment' ? name : `${name}, ${base}`;
}
