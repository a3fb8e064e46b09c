import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { summarize } from '../../../../src/metrics/summarize.js';
import { loadRunSchema, RunSchemaFile, runValidators } from '../../../../src/run/run-schemas.js';
import { RUN_SCHEMA, SAMPLE_SCHEMA, SUMMARY_SCHEMA } from '../../../../src/run/types.js';
import { everySample, runInfo, stallSample } from './every-sample.js';

/** The schemas are open (additive changes keep the version); closing every object that lists its
 *  properties makes a field the TS types have and the schema lacks (or a typo) fail here. */
function closed(schema: unknown, isRoot = true, skipRoot = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closed(s, false));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v, false);
  if ('properties' in out && !(isRoot && skipRoot)) out['additionalProperties'] = false;
  return out;
}

function strictValidator(file: RunSchemaFile) {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true });
  // The sample root lists only `type` (for the discriminator): its branches are closed instead.
  return ajv.compile(closed(loadRunSchema(file), true, file === RunSchemaFile.Sample) as object);
}

describe('run schemas', () => {
  it('carry the version in $id and in the schema field', () => {
    assert.match(String(loadRunSchema(RunSchemaFile.Run)['$id']), new RegExp(`${RUN_SCHEMA}$`));
    assert.match(String(loadRunSchema(RunSchemaFile.Sample)['$id']), new RegExp(`${SAMPLE_SCHEMA}$`));
    assert.match(String(loadRunSchema(RunSchemaFile.Summary)['$id']), new RegExp(`${SUMMARY_SCHEMA}$`));
  });

  it('accept one of every Sample type, and no field the types lack', () => {
    const validate = strictValidator(RunSchemaFile.Sample);
    const samples = everySample(1_700_000_000_000);
    assert.deepEqual(samples.map((s) => s.type).sort(), [
      'error',
      'event',
      'frame',
      'media',
      'player',
      'playlist',
      'playout',
      'stall',
    ]);
    for (const sample of samples) {
      assert.ok(validate(sample), `${sample.type}: ${JSON.stringify(validate.errors)}`);
      assert.equal(
        validate({ ...sample, undeclared: 1 }),
        false,
        `${sample.type} is not closed in this test`,
      );
    }
  });

  it("accept a browser stall's optional cause and buffer ahead, and only the known causes", () => {
    const validate = strictValidator(RunSchemaFile.Sample);
    for (const cause of ['underrun', 'seek'] as const)
      assert.ok(validate(stallSample(1, { cause, bufferAhead: 0.16 })), JSON.stringify(validate.errors));
    assert.equal(validate({ ...stallSample(1), cause: 'decode' }), false);
    assert.equal(validate(stallSample(1, { bufferAhead: -1 })), false);
  });

  it('require every field the Sample types require', () => {
    const { sample: validate } = runValidators();
    for (const sample of everySample(1_700_000_000_000)) {
      for (const key of Object.keys(sample)) {
        const partial: Record<string, unknown> = { ...sample };
        delete partial[key];
        assert.equal(validate(partial), false, `${sample.type} without ${key} passed`);
      }
    }
  });

  it('reject a sample whose field has the wrong type, naming the branch', () => {
    const { sample: validate } = runValidators();
    const media = { ...everySample(1)[0], bytes: 'many' };
    assert.equal(validate(media), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/bytes'));
    assert.equal(validate({ ...everySample(1)[0], type: 'nonsense' }), false);
  });

  it('accept a complete RunInfo and require each of its fields', () => {
    const validate = strictValidator(RunSchemaFile.Run);
    const info = runInfo();
    assert.ok(validate(info), JSON.stringify(validate.errors));
    const { run: open } = runValidators();
    // Added after llhls.run/1 was first written: optional, so that older runs stay valid.
    const later = ['signal', 'tls'];
    for (const key of Object.keys(info)) {
      const partial: Record<string, unknown> = { ...info };
      delete partial[key];
      assert.equal(open(partial), later.includes(key), `run.json without ${key}`);
    }
    assert.ok(
      validate({ ...info, status: 'interrupted', signal: 'SIGTERM' }),
      JSON.stringify(validate.errors),
    );
    assert.equal(open({ ...info, signal: 'SIGKILL' }), false, 'SIGKILL cannot be handled: never written');
    assert.equal(open({ ...info, schema: 'llhls.run/2' }), false);
  });

  it('accept a summary built from one of every sample with every optional part', () => {
    const validate = strictValidator(RunSchemaFile.Summary);
    const info = runInfo({ warmupMs: 0 });
    const t = info.startedAt + 1000;
    const summary = summarize({
      info,
      samples: [
        ...everySample(t),
        { ...everySample(t)[0]!, viewer: 1 } as never,
        stallSample(t, { cause: 'underrun', bufferAhead: 0.16 }),
      ],
      outcomes: [
        {
          kind: 'node',
          findings: [
            {
              id: 'blocking',
              title: 'Blocking reload honoured',
              status: 'pass',
              spec: 'RFC 8216bis 6.2.5.2',
              checked: 3,
              failed: 0,
              examples: [],
            },
          ],
          counters: { parts: 3 },
          summary: {
            startupMs: 120,
            lowLatency: {
              parts: 3,
              blockingReloads: 3,
              hintRequests: 3,
              segments: 0,
              verdict: 'low-latency',
            },
          },
          viewers: [{ parts: 2 }, { parts: 1 }],
        },
        {
          kind: 'browser',
          findings: [],
          counters: {},
          summary: { convergence: { converged: true, atMs: 4000, targetLatency: 0.5, finalLatency: 0.52 } },
        },
      ],
      endedAt: info.startedAt + 30_000,
      status: 'complete',
    });
    assert.ok(validate(summary), JSON.stringify(validate.errors));
    assert.ok(summary.viewers.length === 2);
    assert.ok(summary.clients.find((c) => c.client === 'browser')?.convergence?.converged);
  });

  it('a summary states its percentile and median method; one written before it did stays valid', () => {
    const { summary: open } = runValidators();
    const info = runInfo({ warmupMs: 0 });
    const summary = summarize({
      info,
      samples: [],
      outcomes: [],
      endedAt: info.startedAt,
      status: 'complete',
    });
    assert.deepEqual(summary.percentiles, { method: 'nearest-rank', median: 'p50' });
    assert.ok(open(summary), JSON.stringify(open.errors));
    const { percentiles: _, ...before } = summary;
    assert.ok(open(before), 'a summary.json without percentiles');
    assert.equal(open({ ...summary, percentiles: { method: 'interpolated', median: 'p50' } }), false);
    assert.equal(open({ ...summary, percentiles: { method: 'nearest-rank' } }), false);
  });
});
