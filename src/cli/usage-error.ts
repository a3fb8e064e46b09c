import { Errors } from '@oclif/core';
import { LlhlsErrorCode } from '../errors.js';

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
 * --help)`. Only the message's own lines are kept, never the parser state oclif attaches (54 KB
 * of config and argv under --json).
 */
export function oneLineUsage(
  message: string,
  helpCommand: string,
  code: LlhlsErrorCode = LlhlsErrorCode.Usage,
): UsageError {
  const flag = PARSING_FLAG.exec(message)?.[1];
  const lines = (flag === undefined ? message : message.replace(PARSING_FLAG, ''))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !NOISE.some((n) => n.test(l)));
  const text = lines.length === 0 ? 'invalid command line' : lines.join('; ');
  if (flag !== undefined) return { code, message: `${flag}: ${text} (see ${helpCommand} --help)` };
  return { code, message: `${text} (see ${helpCommand} --help)` };
}
