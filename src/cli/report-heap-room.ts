import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { RunFiles } from '../run/run-files.js';
import { expandRunDirs } from '../run/run-list.js';
import { decideReportHeap, MIB, sizeText, tooLargeMessage } from './report-heap.js';

/** Set in the environment of a report run again with a larger heap: it never re-runs itself. */
const RERUN_ENV = 'LLHLS_REPORT_HEAP_MB';

/** The total size of the samples.jsonl of the runs these paths name (0 for what is not a run
 *  directory: loadRuns says what is wrong with it). */
async function sampleBytesOf(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) {
    const dirs = await expandRunDirs([path]).catch(() => []);
    for (const dir of dirs) bytes += (await stat(join(dir, RunFiles.Samples)).catch(() => null))?.size ?? 0;
  }
  return bytes;
}

/**
 * Makes room for a report of these runs (./report-heap.ts decides): nothing when V8's limit
 * holds them; when the machine has the memory, runs this same command line again in a child with
 * the heap it needs and resolves to that child's exit status (its output is this command's: the
 * same stdout and stderr); when it has not, throws naming the sizes.
 * @returns null: go on in this process; else the exit status of the report run in the child
 * @throws LlhlsError RunTooLarge
 */
export async function reportInRoom(
  paths: readonly string[],
  log: (line: string) => void,
): Promise<number | null> {
  if (process.env[RERUN_ENV] !== undefined) return null;
  const bytes = await sampleBytesOf(paths);
  const limitMb = getHeapStatistics().heap_size_limit / MIB;
  const decision = decideReportHeap(bytes, limitMb, totalmem() / MIB);
  if (decision.kind === 'fits') return null;
  if (decision.kind === 'too-large')
    throw new LlhlsError(LlhlsErrorCode.RunTooLarge, tooLargeMessage(bytes, decision));
  log(
    `the runs' samples take ${sizeText(bytes)}: the report needs about ${sizeText(decision.needMb * MIB)} of heap, more than V8's ${sizeText(limitMb * MIB)} here; running it with --max-old-space-size=${decision.heapMb}`,
  );
  const [script, ...args] = process.argv.slice(1);
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${decision.heapMb}`, script!, ...args],
    {
      stdio: 'inherit',
      env: { ...process.env, [RERUN_ENV]: String(decision.heapMb) },
    },
  );
  // A signal sent to this process alone (a CI timeout) reaches the report too; a Ctrl-C in the
  // terminal reaches both, and the child decides.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
