import { stat } from 'node:fs/promises';
import { LlhlsError, LlhlsErrorCode } from '../src/errors.js';
import { readArtilleryOutput } from '../src/run/artillery-output.js';
import { expandRunDirs } from '../src/run/run-list.js';
import { readRun } from '../src/run/run-reader.js';
import { artilleryReportRun, type ReportRun, reportRun, uniqueLabels } from './report-run.js';

/**
 * Reads the runs named on the command line (run directories or folders of them, or the JSON
 * files of `artillery run --output`) through src/run's readers, in the order given. A run with
 * problems is still reported from what is valid, its issues naming file and line; a run with
 * nothing valid at all is an error naming its problems.
 */
export async function loadRuns(paths: readonly string[]): Promise<ReportRun[]> {
  const runs: ReportRun[] = [];
  for (const path of paths) {
    const isFile = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) runs.push(artilleryReportRun(await readArtilleryOutput(path)));
    else runs.push(...(await loadRunDirs([path])));
  }
  return uniqueLabels(runs.filter((r, i) => runs.findIndex((o) => o.dir === r.dir) === i));
}

async function loadRunDirs(paths: readonly string[]): Promise<ReportRun[]> {
  const dirs = await expandRunDirs(paths);
  const runs: ReportRun[] = [];
  for (const dir of dirs) {
    const read = await readRun(dir);
    if (read.info === null && read.samples.length === 0) {
      const why = read.issues
        .map((i) => `${i.file}${i.line === null ? '' : `:${i.line}`} ${i.message}`)
        .join('; ');
      throw new LlhlsError(
        LlhlsErrorCode.RunFile,
        `${dir} has nothing to report (${why}): pass a run directory written by llhls measure`,
      );
    }
    runs.push(reportRun(read));
  }
  return runs;
}

/**
 * The runs of a report and its baseline (one run), read together so their labels stay apart:
 * a baseline labelled like a run becomes `<label> (baseline)`.
 */
export async function loadReportInputs(
  paths: readonly string[],
  baselinePath: string | undefined,
): Promise<{ runs: ReportRun[]; baseline: ReportRun | undefined }> {
  const runs = await loadRuns(paths);
  if (baselinePath === undefined) return { runs, baseline: undefined };
  const found = await loadRuns([baselinePath]);
  if (found.length !== 1) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--baseline ${baselinePath} holds ${found.length} runs: name one run directory`,
    );
  }
  let baseline = found[0]!;
  const same = runs.find((r) => r.dir === baseline.dir);
  if (same !== undefined) baseline = same;
  else if (runs.some((r) => r.label === baseline.label))
    baseline = { ...baseline, label: `${baseline.label} (baseline)` };
  return { runs, baseline };
}
