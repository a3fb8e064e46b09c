import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

export const RunSchemaFile = {
  Run: 'run.schema.json',
  Sample: 'sample.schema.json',
  Summary: 'summary.schema.json',
} as const;
export type RunSchemaFile = (typeof RunSchemaFile)[keyof typeof RunSchemaFile];

/** The committed schemas/ folder: found by walking up from this file, which sits at a different
 *  depth when run from source (tsx) than when compiled into dist/. */
export function schemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, RunSchemaFile.Run))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('run-schemas: schemas/run.schema.json not found above the llhls install');
    dir = parent;
  }
}

/** The parsed JSON Schema (draft 2020-12) of one run file. */
export function loadRunSchema(file: RunSchemaFile): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemasDir(), file), 'utf8')) as Record<string, unknown>;
}

export interface RunValidators {
  run: ValidateFunction;
  sample: ValidateFunction;
  summary: ValidateFunction;
}

let cached: RunValidators | null = null;

/** Compiled validators for run.json, one samples.jsonl line and summary.json (compiled once). */
export function runValidators(): RunValidators {
  if (cached !== null) return cached;
  // discriminator: one error for the branch named by `type`, not eight from oneOf.
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true });
  cached = {
    run: ajv.compile(loadRunSchema(RunSchemaFile.Run)),
    sample: ajv.compile(loadRunSchema(RunSchemaFile.Sample)),
    summary: ajv.compile(loadRunSchema(RunSchemaFile.Summary)),
  };
  return cached;
}

/** ajv's errors as short readable lines: `/timing/start must be number`. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`,
  );
}
