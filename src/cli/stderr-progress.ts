import type { ProgressSink } from '../measure/progress.js';

/**
 * The live progress line's sink in every command that measures: stderr (stdout stays for
 * `--json`), rewritten in place on a terminal and fitted to its width as it is now (a resized
 * or narrow terminal would otherwise wrap the line and stack a copy at every rewrite).
 */
export function stderrProgress(): ProgressSink {
  return {
    isTTY: process.stderr.isTTY === true,
    columns: () => process.stderr.columns,
    write: (text) => process.stderr.write(text),
  };
}
