import { Errors } from '@oclif/core';
import { LlhlsErrorCode } from '../errors.js';
import { didYouMean } from './did-you-mean.js';

/** What a command prints for a mistake on its command line: `{"error": {code, message}}` with --json. */
export interface UsageError {
  code: LlhlsErrorCode;
  message: string;
}

/** oclif's parse errors (unknown flag, missing required flag, failed validation) carry `parse`;
 *  a flag's own parser failing (`Flags.integer({min: 1})` given 0) is rethrown as `Parsing --x`. */
export function isOclifParseError(error: unknown): boolean {
  return (
    (error instanceof Errors.CLIError && 'parse' in error) ||
    (error instanceof Error && PARSING_FLAG.test(error.message))
  );
}

const PARSING_FLAG = /^Parsing (--\S+)\s*(?:\n|$)/;

const NOISE = [/^See more help with --help$/, /^The following errors? occurred:$/];

/**
 * oclif's multi-line parse error as one line: `Missing required flag url (see llhls measure
 * --help)`; an unknown flag close to one of `flagNames` gets a suggestion (`Nonexistent flag:
 * --duratoin: did you mean --duration? (see llhls measure --help)`). Only the message's own lines are kept, never the parser state oclif attaches (54 KB
 * of config and argv under --json).
 */
export function oneLineUsage(
  message: string,
  helpCommand: string,
  code: LlhlsErrorCode = LlhlsErrorCode.Usage,
  flagNames: readonly string[] = [],
): UsageError {
  const flag = PARSING_FLAG.exec(message)?.[1];
  const lines = (flag === undefined ? message : message.replace(PARSING_FLAG, ''))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !NOISE.some((n) => n.test(l)))
    .map((l) => withFlagSuggestions(l, flagNames));
  const text = lines.length === 0 ? 'invalid command line' : lines.join('; ');
  if (flag !== undefined) return { code, message: `${flag}: ${text} (see ${helpCommand} --help)` };
  return { code, message: `${text} (see ${helpCommand} --help)` };
}

const NONEXISTENT = /^Nonexistent flags?: (.+)$/;

/** oclif's `Nonexistent flag(s): --a, --b` with the flag each was probably meant to be. */
function withFlagSuggestions(line: string, flagNames: readonly string[]): string {
  const typed = NONEXISTENT.exec(line)?.[1]?.split(/,\s*/);
  if (typed === undefined) return line;
  const guesses = typed.flatMap((t) => {
    const near = didYouMean(t.replace(/^-+/, '').replace(/=.*$/, ''), flagNames);
    return near === undefined ? [] : [{ typed: t, near: `--${near}` }];
  });
  if (guesses.length === 0) return line;
  if (typed.length === 1) return `${line}: did you mean ${guesses[0]!.near}?`;
  return `${line}: did you mean ${guesses.map((g) => `${g.near} for ${g.typed}`).join(', ')}?`;
}
