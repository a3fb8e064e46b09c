import { Command, Errors } from '@oclif/core';
import { EXIT_USAGE, isLlhlsError, LlhlsErrorCode } from '../errors.js';
import { isOclifParseError, oneLineUsage, type UsageError } from './usage-error.js';

/**
 * Base of every llhls command: `--json` prints the value `run()` returns, and a mistake the user
 * can fix (an `LlhlsError`, or a command line oclif cannot parse) becomes one line on stderr, or
 * `{"error": {code, message}}` with --json, and an exit code (2 usage, 1 runtime), never a stack
 * trace.
 */
export abstract class LlhlsCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    // this.exit() inside run() arrives here too: straight to oclif's handler, which exits with its
    // code. (oclif's own catch would, under --json, print {"error": EEXIT} after the value and
    // exit 1 whatever the code.)
    if (err instanceof Errors.ExitError) throw err;
    const help = `${this.config.bin} ${this.id ?? ''}`.trim();
    if (isLlhlsError(err)) {
      // An LlhlsError thrown by a flag's own parser comes back wrapped by oclif in several lines.
      const message = isOclifParseError(err)
        ? oneLineUsage(err.message, help, err.code).message
        : err.message;
      return this.fail({ code: err.code, message }, err.exitCode);
    }
    if (isOclifParseError(err)) {
      const flags = Object.keys((this.constructor as typeof Command).flags ?? {});
      return this.fail(oneLineUsage(err.message, help, LlhlsErrorCode.Usage, flags), EXIT_USAGE);
    }
    return super.catch(err);
  }

  private fail(error: UsageError, exitCode: number): never {
    if (this.jsonEnabled()) this.logJson({ error });
    else process.stderr.write(`llhls: ${error.message}\n`);
    this.exit(exitCode);
  }
}
