import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../cli/duration.js';
import { isLlhlsError, LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { ImpairmentPatch } from './impairment.js';
import { fileError, IMPAIRMENT_KEYS, isObject, known, parseImpairmentFields } from './impairment-fields.js';
import { BUILT_IN_PROFILES, builtInProfile } from './mmsys-2020-profiles.js';
import type { Profile, ProfileStep } from './profile.js';

/** Keys of a profile file's top level: its name, loop, steps, and impairment fields under every step. */
const TOP_KEYS = ['name', 'loop', 'steps', ...IMPAIRMENT_KEYS];
const STEP_KEYS = ['duration', ...IMPAIRMENT_KEYS];

/**
 * Reads a profile from the text of a JSON or YAML file (YAML 1.2 reads JSON too):
 *
 * ```yaml
 * name: outage            # default: the file name
 * loop: true              # default true: after the last step, the first again
 * latency: 40ms           # impairment keys here apply under every step
 * x-slow: &slow { bandwidth: 1mbit, loss: 2% }   # x- keys are ignored: a place for anchors
 * steps:
 *   - { duration: 20s, bandwidth: 3mbit }
 *   - { duration: 2s, bandwidth: 0 }          # the link is down: bytes wait
 *   - { duration: 10s, <<: *slow, reset_peer: { timeout: 1s, toxicity: 10% } }
 * ```
 * @param file named in every error
 * @throws LlhlsError `LLHLS_PROFILE_FILE`: one line naming the file, the key and the fix
 */
export function parseProfileText(text: string, file: string): Profile {
  let doc: unknown;
  try {
    doc = parseYaml(text, { merge: true });
  } catch (error) {
    const first = String((error as Error).message).split('\n')[0];
    throw fileError(`${file}: not valid YAML or JSON (${first})`, error);
  }
  if (!isObject(doc))
    throw fileError(`${file}: expected an object with 'steps'; received ${JSON.stringify(doc)}`);
  known(doc, TOP_KEYS, file);
  const name = doc['name'] ?? basename(file).replace(/\.(ya?ml|json)$/i, '');
  if (typeof name !== 'string' || name === '') throw fileError(`${file}.name must be a non-empty string`);
  const loop = doc['loop'] ?? true;
  if (typeof loop !== 'boolean')
    throw fileError(`${file}.loop must be true or false; received ${JSON.stringify(loop)}`);
  const steps = doc['steps'];
  if (!Array.isArray(steps) || steps.length === 0) {
    throw fileError(
      `${file}.steps must be a list of at least one step ({duration, bandwidth, latency, ...})`,
    );
  }
  const base: ImpairmentPatch = parseImpairmentFields(doc, file);
  return {
    name,
    loop,
    source: file,
    steps: steps.map((step: unknown, i) => parseStep(step, `${file}: steps[${i}]`, base)),
  };
}

function parseStep(step: unknown, where: string, base: ImpairmentPatch): ProfileStep {
  if (!isObject(step))
    throw fileError(`${where} must be an object with a duration; received ${JSON.stringify(step)}`);
  known(step, STEP_KEYS, where);
  if (step['duration'] === undefined) throw fileError(`${where}.duration is missing (e.g. 30s)`);
  const value = step['duration'];
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  let durationMs: number;
  try {
    durationMs = parseDuration(text, `${where}.duration`, { minMs: 1 });
  } catch (error) {
    throw fileError((error as Error).message, error);
  }
  return { durationMs, impairment: { ...base, ...parseImpairmentFields(step, where) } };
}

/** Reads a profile file. @throws LlhlsError `LLHLS_PROFILE_FILE` when unreadable or invalid. */
export function readProfileFile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass a profile file or a built-in name (${BUILT_IN_PROFILES.join(', ')})`,
      error,
    );
  }
  return parseProfileText(text, path);
}

/**
 * `--profile`: a built-in name (`cascade`; also `slow_jitters`, `PROFILE_SLOW_JITTERS` as the
 * challenge spells them), else a file path.
 * @throws LlhlsError naming the flag, the built-ins and the file problem
 */
export function resolveProfile(value: string, flag = '--profile'): Profile {
  const name = value
    .trim()
    .toLowerCase()
    .replace(/^profile_/, '')
    .replaceAll('_', '-');
  const builtIn = builtInProfile(name);
  if (builtIn !== null) return builtIn;
  if (!/[./\\]/.test(value)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} expects a built-in profile (${BUILT_IN_PROFILES.join(', ')}) or a JSON/YAML file; received '${value}'`,
    );
  }
  try {
    return readProfileFile(value);
  } catch (error) {
    if (isLlhlsError(error)) throw error;
    throw fileError(`${value}: ${(error as Error).message}`, error);
  }
}
