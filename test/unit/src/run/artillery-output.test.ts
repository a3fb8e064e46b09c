import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { readArtilleryOutput } from '../../../../src/run/artillery-output.js';
import { artillerySummary } from '../../../../src/run/artillery-summary.js';

/** Recorded by a real artillery run (test/fixtures/artillery/README.md). */
const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'artillery', 'viewers-6.json');
const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  aggregate: { counters: Record<string, number>; summaries: Record<string, Record<string, number>> };
  intermediate: unknown[];
};

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'llhls-artillery-output-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('readArtilleryOutput', () => {
  it('reads the aggregate and every intermediate period of a real run, in time order', async () => {
    const out = await readArtilleryOutput(FIXTURE);
    assert.equal(out.intermediate.length, raw.intermediate.length);
    for (let i = 1; i < out.intermediate.length; i += 1)
      assert.ok(out.intermediate[i]!.at >= out.intermediate[i - 1]!.at);
    assert.deepEqual(out.aggregate.counters, raw.aggregate.counters);
    assert.equal(
      out.aggregate.summaries['llhls.delivery']?.p99,
      raw.aggregate.summaries['llhls.delivery']?.['p99'],
    );
  });

  const broken: Array<[string, string]> = [
    ['not JSON', '{"aggregate": {"counters": {'],
    ['a run.json', JSON.stringify({ schema: 'llhls.run/1', id: 'x' })],
    ['an empty file', ''],
    [
      'a summary without p99',
      JSON.stringify({
        aggregate: {
          period: 1,
          summaries: { 'llhls.delivery': { ...raw.aggregate.summaries['llhls.delivery'], p99: 'x' } },
        },
        intermediate: [],
      }),
    ],
    ['a period without a time', JSON.stringify({ aggregate: { counters: {} }, intermediate: [] })],
  ];
  for (const [what, text] of broken) {
    it(`refuses ${what} in one line naming the file`, async () => {
      const file = join(work, `${what.replaceAll(' ', '-')}.json`);
      await writeFile(file, text);
      await assert.rejects(readArtilleryOutput(file), (e: unknown) => {
        assert.ok(e instanceof LlhlsError);
        assert.equal(e.code, 'LLHLS_RUN_FILE');
        assert.ok(e.message.startsWith(file), e.message);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    });
  }
});

describe('artillerySummary', () => {
  it("keeps Artillery's own figures, stalls, errors and the findings added up over viewers", async () => {
    const summary = artillerySummary(await readArtilleryOutput(FIXTURE));
    const a = raw.aggregate;
    const [client] = summary.clients;
    assert.equal(summary.label, 'viewers-6');
    const delivery = client!.metrics.find((m) => m.metric === 'delivery')!;
    for (const f of ['count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const)
      assert.equal(delivery[f], a.summaries['llhls.delivery']![f]);
    assert.deepEqual(client!.metrics.map((m) => m.metric).sort(), [
      'capture_to_first_byte',
      'capture_to_last_byte',
      'delivery',
      'estimated_display',
      'packaging',
      'player_latency',
      'playlist_hold',
      'startup',
    ]);
    assert.equal(client!.startupMs, a.summaries['llhls.startup']!['p50']);
    const stalls = a.summaries['llhls.stall_duration']!;
    assert.equal(client!.stalls.count, a.counters['llhls.stalls']);
    assert.equal(client!.stalls.longestMs, stalls['max']);
    assert.ok(Math.abs(client!.stalls.totalMs - stalls['mean']! * stalls['count']!) < 1e-9);
    const tooFar = summary.findings.find((f) => f.id === 'too-far-ahead')!;
    assert.deepEqual(
      { status: tooFar.status, checked: tooFar.checked, failed: tooFar.failed },
      { status: 'fail', checked: 6, failed: 5 },
    );
    assert.match(tooFar.examples[0]!, /failed for 5 of 6 viewers/);
    assert.equal(summary.findings.find((f) => f.id === 'blocking-reload')?.status, 'pass');
    assert.match(summary.warnings[0]!, /Artillery's own summaries/);
    // The findings' counters are findings, not client counters.
    assert.ok(!Object.keys(client!.counters).some((k) => k.startsWith('llhls.findings.')));
  });
});
