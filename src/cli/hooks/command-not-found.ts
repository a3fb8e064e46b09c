import type { Hook } from '@oclif/core';
import { EXIT_USAGE, LlhlsErrorCode } from '../../errors.js';
import { didYouMean } from '../did-you-mean.js';

/**
 * `llhls mesure`: one line naming the closest command (`did you mean measure?`), and exit 2, as
 * for any usage error; `{"error": ...}` under --json. Never a prompt: llhls runs in CI as often as
 * in a terminal, and a guessed command that measures for minutes is not a safe default.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  // With a space as topic separator oclif joins the arguments into the id: the command is the
  // first word (llhls has no topics).
  const typed = options.id.split(':')[0] ?? options.id;
  const ids = options.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const guess = didYouMean(typed, ids);
  const suggestion =
    guess === undefined ? '' : `did you mean ${options.config.bin} ${guess.replaceAll(':', ' ')}? `;
  const message = `'${typed}' is not an ${options.config.bin} command: ${suggestion}${options.config.bin} help lists them`;
  if (options.argv?.includes('--json') === true) {
    process.stdout.write(`${JSON.stringify({ error: { code: LlhlsErrorCode.Usage, message } }, null, 2)}\n`);
  } else {
    process.stderr.write(`${options.config.bin}: ${message}\n`);
  }
  this.exit(EXIT_USAGE);
};

export default hook;
