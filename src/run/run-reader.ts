import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { type RunFileName, RunFiles } from './run-files.js';
import { describeSchemaErrors, runValidators } from './run-schemas.js';
import type { RunInfo, RunSummary, Sample } from './types.js';

/** Something wrong with one file (and line, for samples.jsonl) of a run. */
export interface RunIssue {
  file: RunFileName;
  /** 1-based line of samples.jsonl; null for the JSON files. */
  line: number | null;
  message: string;
}

/** A run read back: whatever was valid, plus an issue for everything that was not. */
export interface RunReadResult {
  dir: string;
  /** null when run.json is missing or invalid. */
  info: RunInfo | null;
  /** The valid lines of samples.jsonl, in file order. */
  samples: Sample[];
  /** null when summary.json is missing (a crashed run) or invalid. */
  summary: RunSummary | null;
  valid: boolean;
  issues: RunIssue[];
}

/** Lines reported one by one before the rest are only counted, so a corrupt file stays readable. */
const MAX_LINE_ISSUES = 50;

/**
 * Reads a run directory back, validating run.json, each samples.jsonl line and summary.json
 * against their schemas. Corrupt or partial files do not throw: what is valid is kept and every
 * problem becomes an issue naming the file and line (a crash can leave a half-written last
 * line). Throws LlhlsError only when `dir` is not a directory.
 */
export async function readRun(dir: string): Promise<RunReadResult> {
  const abs = resolve(dir);
  const isDir = await stat(abs).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new LlhlsError(
      LlhlsErrorCode.RunFile,
      `${dir} is not a run directory: pass a directory written by llhls measure`,
    );
  }
  const validators = runValidators();
  const issues: RunIssue[] = [];

  const readJson = async <T>(file: RunFileName, validate: typeof validators.run): Promise<T | null> => {
    let text: string;
    try {
      text = await readFile(join(abs, file), 'utf8');
    } catch {
      issues.push({ file, line: null, message: 'missing' });
      return null;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      issues.push({ file, line: null, message: `not JSON: ${(error as Error).message}` });
      return null;
    }
    if (!validate(value)) {
      for (const m of describeSchemaErrors(validate.errors)) issues.push({ file, line: null, message: m });
      return null;
    }
    return value as T;
  };

  const info = await readJson<RunInfo>(RunFiles.Info, validators.run);
  const summary = await readJson<RunSummary>(RunFiles.Summary, validators.summary);
  const samples: Sample[] = [];
  let text: string | null = null;
  try {
    text = await readFile(join(abs, info?.files.samples ?? RunFiles.Samples), 'utf8');
  } catch {
    issues.push({ file: RunFiles.Samples, line: null, message: 'missing' });
  }
  if (text !== null) {
    const lines = text.split('\n');
    let bad = 0;
    const report = (line: number, message: string): void => {
      bad += 1;
      if (bad <= MAX_LINE_ISSUES) issues.push({ file: RunFiles.Samples, line, message });
    };
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        report(
          i + 1,
          i === lines.length - 1 ? 'truncated last line (the run did not finish writing)' : 'not JSON',
        );
        return;
      }
      value = upgradeSample(value);
      if (!validators.sample(value)) {
        report(i + 1, describeSchemaErrors(validators.sample.errors).join('; '));
        return;
      }
      samples.push(value as Sample);
    });
    if (bad > MAX_LINE_ISSUES) {
      issues.push({
        file: RunFiles.Samples,
        line: null,
        message: `${bad - MAX_LINE_ISSUES} more invalid lines`,
      });
    }
  }
  return { dir: abs, info, samples, summary, valid: issues.length === 0, issues };
}

/** A llhls.sample/1 line read as llhls.sample/2: the playout sample's `capture_to_display` is
 *  `estimated_display` (the simulated player's estimate, no display). Other lines are unchanged. */
export function upgradeSample(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const sample = value as Record<string, unknown>;
  if (sample['type'] !== 'playout' || !('capture_to_display' in sample) || 'estimated_display' in sample)
    return value;
  const { capture_to_display, ...rest } = sample;
  return { ...rest, estimated_display: capture_to_display };
}
