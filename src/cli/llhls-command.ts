import { Command } from '@oclif/core';
import { isLlhlsError } from '../errors.js';

/**
 * Base of every llhls command: `--json` prints the value `run()` returns, and an `LlhlsError` (a
 * mistake the user can fix) becomes one line on stderr and an exit code, never a stack trace.
 */
export abstract class LlhlsCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (isLlhlsError(err)) {
      if (this.jsonEnabled()) {
        this.logJson({ error: { code: err.code, message: err.message } });
      } else {
        process.stderr.write(`llhls: ${err.message}\n`);
      }
      this.exit(err.exitCode);
    }
    return super.catch(err);
  }
}
