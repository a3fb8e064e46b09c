import { readFile } from 'node:fs/promises';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { ConfigKeyError, type KeyPath } from './config-key-error.js';
import type { ComparePlan } from './configuration.js';
import { type CompareFlagValues, planFromDocument } from './plan-document.js';

const configError = (message: string, cause?: unknown): LlhlsError =>
  new LlhlsError(LlhlsErrorCode.Config, message, cause === undefined ? undefined : { cause });

/** The line of the deepest key of `path` the document has (1-based), or null. */
function lineOf(doc: Document, counter: LineCounter, path: KeyPath): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = (node as Node | null)?.range?.[0] ?? null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
      node = node.items[key];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset === null ? null : counter.linePos(offset).line;
}

/**
 * Reads a compare file (YAML, or JSON, which YAML 1.2 reads too) into a plan. Every problem is
 * one line naming the file, the line and the key: `compare.yaml:7: configurations.ll.serve:
 * 'part-duratoin' is not an llhls serve flag; did you mean part-duration?`.
 * @throws LlhlsError `LLHLS_CONFIG` (exit 2)
 */
export async function readCompareFile(path: string, flags: CompareFlagValues): Promise<ComparePlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw configError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass a compare file (YAML or JSON), or --vary`,
      error,
    );
  }
  return planFromText(text, path, flags);
}

/** A compare file's text into a plan (see readCompareFile); `file` is named in every error. */
export async function planFromText(
  text: string,
  file: string,
  flags: CompareFlagValues,
): Promise<ComparePlan> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, merge: true });
  const bad = doc.errors[0];
  if (bad !== undefined) {
    const line = bad.linePos?.[0].line;
    throw configError(
      `${file}${line === undefined ? '' : `:${line}`}: not valid YAML or JSON (${bad.message.split('\n')[0]})`,
      bad,
    );
  }
  try {
    return await planFromDocument(doc.toJS(), flags, file);
  } catch (error) {
    if (!(error instanceof ConfigKeyError)) throw error;
    // A flag's own value (--player, --hls-config, --serve) is no line of the file.
    if (String(error.path[0]).startsWith('--'))
      throw new LlhlsError(LlhlsErrorCode.InvalidFlag, error.message, { cause: error });
    const line = lineOf(doc, counter, error.path);
    throw configError(`${file}${line === null ? '' : `:${line}`}: ${error.message}`, error);
  }
}
