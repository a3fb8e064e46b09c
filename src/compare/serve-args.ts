import { Parser } from '@oclif/core';
import { didYouMean } from '../cli/did-you-mean.js';
import { serveFlags } from '../cli/serve-flags.js';
import { buildServeOptions } from '../cli/serve-options.js';
import { isLlhlsError } from '../errors.js';

/** `llhls serve` flags as a configuration names them: `{ part-duration: 0.2, parts: false }`. */
export type ServeFields = Record<string, string | number | boolean>;

/** Flags compare sets itself on every streamer it starts. */
const OWNED = {
  'http-port': 'compare serves on a free port',
  json: 'compare reads the ready line itself',
  'status-interval': 'compare asks for no status lines',
} as const;

type FlagName = keyof typeof serveFlags;
const NAMES = Object.keys(serveFlags) as FlagName[];

const isBoolean = (name: FlagName): boolean => serveFlags[name].type === 'boolean';

/** A serve-flag problem: the message only; the caller adds file, line and key. */
export class ServeArgsError extends Error {}

function flagName(key: string): FlagName {
  const aliases: Record<string, FlagName> = {
    'target-duration': 'segment-duration',
    'playlist-length': 'window-size',
  };
  const name = (aliases[key] ?? key) as FlagName;
  if (NAMES.includes(name)) return name;
  const near = didYouMean(key, NAMES);
  throw new ServeArgsError(
    `'${key}' is not an llhls serve flag${near !== undefined ? `; did you mean ${near}?` : ` (see llhls serve --help)`}`,
  );
}

/**
 * Serve flags written as a map, a command line (`--part-duration 0.2 --no-parts`) or a list of
 * its words, as a map with the flags' own names. Pure.
 * @throws ServeArgsError naming the flag that is not one, or a value that is missing
 */
export function serveFields(value: unknown): ServeFields {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string' || Array.isArray(value)) {
    const words = typeof value === 'string' ? value.trim().split(/\s+/).filter(Boolean) : value.map(String);
    const fields: ServeFields = {};
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i]!;
      const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(word);
      if (match === null) throw new ServeArgsError(`'${word}' is not a flag (flags start with --)`);
      let key = match[1]!;
      const inline = match[2];
      const negated = key.startsWith('no-') && !(NAMES as string[]).includes(key);
      if (negated) key = key.slice(3);
      const name = flagName(key);
      if (isBoolean(name)) {
        fields[name] = !negated;
        continue;
      }
      if (negated) throw new ServeArgsError(`--no-${name}: --${name} takes a value, it is not a switch`);
      const given = inline ?? words[i + 1];
      if (given === undefined || (inline === undefined && given.startsWith('--'))) {
        throw new ServeArgsError(`--${name} needs a value`);
      }
      fields[name] = given;
      if (inline === undefined) i += 1;
    }
    return fields;
  }
  if (typeof value !== 'object') {
    throw new ServeArgsError(
      `expects serve flags as a map ({ part-duration: 0.2 }) or a command line ('--part-duration 0.2'); received ${JSON.stringify(value)}`,
    );
  }
  const fields: ServeFields = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key.startsWith('x-') || v === null) continue;
    const name = flagName(key);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new ServeArgsError(`${key} expects a value such as 0.2 or true; received ${JSON.stringify(v)}`);
    }
    fields[name] = v;
  }
  return fields;
}

/** The command-line words of a serve-flag map, in the map's order. Pure. */
export function serveArgv(fields: ServeFields): string[] {
  const argv: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (isBoolean(name as FlagName)) {
      if (value === true || value === 'true') argv.push(`--${name}`);
      else if (value === false || value === 'false') {
        if ((serveFlags[name as FlagName] as { allowNo?: boolean }).allowNo === true)
          argv.push(`--no-${name}`);
      } else throw new ServeArgsError(`${name} is true or false; received ${JSON.stringify(value)}`);
    } else argv.push(`--${name}`, String(value));
  }
  return argv;
}

/**
 * Checks serve flags as `llhls serve` would (its parser, then its option builder, which starts
 * nothing) and returns the arguments compare passes to `llhls serve`. The test source unless
 * another source is named; compare owns --http-port, --json and --status-interval; stdin is not
 * the streamer's to read.
 * @throws ServeArgsError with serve's own message
 */
export async function checkServeFields(fields: ServeFields): Promise<string[]> {
  for (const [name, why] of Object.entries(OWNED)) {
    if (name in fields) throw new ServeArgsError(`--${name} is not yours to set here: ${why}`);
  }
  if (fields['input'] === '-') {
    throw new ServeArgsError(
      "--input - reads compare's stdin: pass a file or URL, or a command: configuration",
    );
  }
  const argv = serveArgv(fields);
  try {
    const { flags } = await Parser.parse(argv, { flags: serveFlags, strict: true, args: {} });
    buildServeOptions(flags, process.stdin);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    throw new ServeArgsError(isLlhlsError(error) ? message : message.replace(/^Parsing /, ''));
  }
  const source = ['test-src', 'device', 'input'].some((k) => k in fields);
  return source ? argv : ['--test-src', ...argv];
}
