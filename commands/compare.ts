import { join } from 'node:path';
import { Args } from '@oclif/core';
import { compareFlags } from '../src/cli/compare-flags.js';
import { LlhlsCommand } from '../src/cli/llhls-command.js';
import { stderrProgress } from '../src/cli/stderr-progress.js';
import { readCompareFile } from '../src/compare/compare-file.js';
import type { CompareResult } from '../src/compare/compare-result.js';
import { compareExitCode, runCompare } from '../src/compare/compare-session.js';
import { compareText } from '../src/compare/compare-text.js';
import { planFromVary } from '../src/compare/vary.js';
import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';
import { trapStopSignals } from '../src/measure/stop-signals.js';

export class Compare extends LlhlsCommand {
  static override summary = 'Measure several streamer configurations the same way and put them side by side.';
  static override description =
    "Each configuration (llhls serve flags, a command and its URL, or a URL) runs in its own process with the same source, duration, warm-up and clients, optionally behind llhls proxy's impaired network; its process tree's CPU and memory are sampled. Writes a comparison directory: runs/ (one llhls measure run each), logs/, compare.json (schemas/compare.schema.json) and report/ with a row per configuration and a Relative column. A configuration that fails is reported failed and the others still run. Exit 0 all complete, 1 one failed, 2 usage, 130/143/129 on SIGINT/SIGTERM/SIGHUP (what was measured is kept and reported).";
  static override examples = [
    '<%= config.bin %> compare --vary part-duration=0.1,0.2,0.333 --duration 60s',
    '<%= config.bin %> compare --vary part-duration=0.2,0.5 --vary network=none,cascade --repeat 3',
    '<%= config.bin %> compare compare.yaml --client node,browser --out runs/parts',
    '<%= config.bin %> compare bench/compare-readme.yaml --duration 2m --repeat 3 --reference ll-200ms',
    '<%= config.bin %> compare compare.json --no-png --json',
  ];
  static override args = {
    file: Args.string({
      description: 'A compare file (YAML or JSON) of named configurations; or use --vary.',
    }),
  };
  static override flags = compareFlags;

  async run(): Promise<CompareResult> {
    const { args, flags } = await this.parse(Compare);
    if ((args.file === undefined) === (flags.vary === undefined)) {
      throw new LlhlsError(
        LlhlsErrorCode.Usage,
        args.file === undefined
          ? 'name a compare file (llhls compare compare.yaml) or vary a serve flag (--vary part-duration=0.1,0.2)'
          : 'a compare file and --vary: use one of them (put the values in the file)',
      );
    }
    const plan =
      args.file === undefined
        ? await planFromVary(flags.vary!, flags)
        : await readCompareFile(args.file, flags);
    const abort = new AbortController();
    const untrap = trapStopSignals(abort);
    try {
      const result = await runCompare(
        {
          plan,
          out: flags.out,
          png: flags.png,
          browser: flags.browser,
          llhlsBin: join(this.config.root, 'bin', 'run.js'),
          command: [this.config.bin, ...process.argv.slice(2)],
          toolVersion: this.config.version,
        },
        {
          signal: abort.signal,
          log: (line) => process.stderr.write(`${line}\n`),
          progress: stderrProgress(),
        },
      );
      if (!this.jsonEnabled()) for (const line of compareText(result)) this.log(line);
      const code = compareExitCode(result);
      if (code !== 0) {
        if (this.jsonEnabled()) this.logJson(result);
        this.exit(code);
      }
      return result;
    } finally {
      untrap();
    }
  }
}
