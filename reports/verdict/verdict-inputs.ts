import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { type Assertion, AssertionLevel, parseAssertion } from './assertion.js';

/** What the CI verdict flags say, before anything is read: `--assert`, `--warn`, `--config`,
 *  `--baseline`, `--max-regression`. */
export interface VerdictFlags {
  assert?: readonly string[] | undefined;
  warn?: readonly string[] | undefined;
  config?: string | undefined;
  baseline?: string | undefined;
  'max-regression'?: string | undefined;
}

export interface VerdictInputs {
  assertions: Assertion[];
  /** a run directory, resolved (a config file's is relative to the file) */
  baseline: string | undefined;
  /** fraction */
  maxRegression: number | undefined;
}

const CONFIG_KEYS = ['assert', 'warn', 'baseline', 'max-regression'] as const;

/** Whether anything is to be checked at all (else no verdict is made or written). */
export function hasVerdict(inputs: VerdictInputs): boolean {
  return inputs.assertions.length > 0 || inputs.baseline !== undefined;
}

/** `10%` → 0.1. A percentage needs its `%`: `10` could mean 10% or 10x. */
export function parsePercent(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (m === null)
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${where} expects a percentage such as 10%; received '${text}'`,
    );
  return Number(m[1]) / 100;
}

interface ConfigFile {
  assert: string[];
  warn: string[];
  baseline?: string;
  maxRegression?: string;
}

/**
 * Reads `--config llhls.yaml`: `assert:` and `warn:` lists of assertions, optional `baseline:`
 * (relative to the file) and `max-regression:`. Unknown keys and wrong types are refused by
 * name, so a typo never silently drops a gate.
 */
export async function readVerdictConfig(path: string): Promise<ConfigFile> {
  const fail = (why: string): LlhlsError => new LlhlsError(LlhlsErrorCode.Config, `--config ${path}: ${why}`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fail(`cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw fail(`not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw fail('expected a mapping with assert: and warn: lists');
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key))
      throw fail(`unknown key '${key}': use ${CONFIG_KEYS.join(', ')}`);
  }
  const list = (key: 'assert' | 'warn'): string[] => {
    const v = d[key];
    if (v === undefined || v === null) return [];
    const items = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(items) || items.some((x) => typeof x !== 'string'))
      throw fail(`${key}: expected a list of assertions such as 'capture_to_display: p(95)<500ms'`);
    return items as string[];
  };
  const scalar = (key: 'baseline' | 'max-regression'): string | undefined => {
    const v = d[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string')
      throw fail(`${key}: expected a string${key === 'max-regression' ? ' such as 10%' : ''}`);
    return v;
  };
  const baseline = scalar('baseline');
  const maxRegression = scalar('max-regression');
  return {
    assert: list('assert'),
    warn: list('warn'),
    ...(baseline === undefined ? {} : { baseline: resolve(dirname(path), baseline) }),
    ...(maxRegression === undefined ? {} : { maxRegression }),
  };
}

/**
 * The flags and the config file → parsed assertions, baseline and tolerance. Flags add to the
 * file's lists and override its baseline and tolerance. `--max-regression` without a baseline is
 * refused: it would gate nothing.
 */
export async function verdictInputs(flags: VerdictFlags): Promise<VerdictInputs> {
  const config = flags.config === undefined ? null : await readVerdictConfig(flags.config);
  const where = (key: string, flag: string): string =>
    config === null ? flag : `${flag} (or ${key}: in --config)`;
  const assertions = [
    ...(config?.assert ?? []).map((a) =>
      parseAssertion(a, AssertionLevel.Error, `--config ${flags.config} assert:`),
    ),
    ...(config?.warn ?? []).map((a) =>
      parseAssertion(a, AssertionLevel.Warn, `--config ${flags.config} warn:`),
    ),
    ...(flags.assert ?? []).map((a) => parseAssertion(a, AssertionLevel.Error, '--assert')),
    ...(flags.warn ?? []).map((a) => parseAssertion(a, AssertionLevel.Warn, '--warn')),
  ];
  const baseline = flags.baseline === undefined ? config?.baseline : resolve(flags.baseline);
  const maxText = flags['max-regression'] ?? config?.maxRegression;
  if (maxText !== undefined && baseline === undefined) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${where('max-regression', '--max-regression')} needs a run to compare with: add --baseline RUN`,
    );
  }
  return {
    assertions,
    baseline,
    maxRegression: maxText === undefined ? undefined : parsePercent(maxText, '--max-regression'),
  };
}
