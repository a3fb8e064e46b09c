import { createReadStream } from 'node:fs';
import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
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
  const samplesPath = join(abs, info?.files.samples ?? RunFiles.Samples);
  const lastByte = await readLastByte(samplesPath);
  if (lastByte === undefined) {
    issues.push({ file: RunFiles.Samples, line: null, message: 'missing' });
  } else {
    let bad = 0;
    const report = (line: number, message: string): void => {
      bad += 1;
      if (bad <= MAX_LINE_ISSUES) issues.push({ file: RunFiles.Samples, line, message });
    };
    // Line by line from the file: a long run's samples.jsonl is larger than a string can be
    // (~512 MiB: 100 viewers write that in ~7 minutes). A line that is not JSON is reported once
    // the next line shows whether it was the last, cut short by a crash.
    let unparsed: number | null = null;
    let n = 0;
    const lines = createInterface({ input: createReadStream(samplesPath), crlfDelay: Infinity });
    for await (const line of lines) {
      n += 1;
      if (line.trim() === '') continue;
      if (unparsed !== null) report(unparsed, 'not JSON');
      unparsed = null;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        unparsed = n;
        continue;
      }
      value = upgradeSample(value);
      if (!validators.sample(value)) {
        report(n, describeSchemaErrors(validators.sample.errors).join('; '));
        continue;
      }
      samples.push(value as Sample);
    }
    if (unparsed !== null) {
      // No newline after it: the run stopped while writing it.
      const last = unparsed === n && lastByte !== 0x0a;
      report(unparsed, last ? 'truncated last line (the run did not finish writing)' : 'not JSON');
    }
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

/** The last byte of a file (null when it is empty); undefined when it cannot be read. */
async function readLastByte(path: string): Promise<number | null | undefined> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const { size } = await file.stat();
    if (size === 0) return null;
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, size - 1);
    return byte[0];
  } catch {
    return undefined;
  } finally {
    await file?.close();
  }
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
