import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideReportHeap, sizeText, tooLargeMessage } from '../../../../src/cli/report-heap.js';

const MIB = 1024 * 1024;

describe('decideReportHeap', () => {
  it('fits: a 10-minute run under V8’s default limit', () => {
    assert.deepEqual(decideReportHeap(20 * MIB, 4144, 24_000), { kind: 'fits', needMb: 286 });
  });

  it('raise: a one-hour run of 100 viewers (4.6 GB of samples) on a 24 GB machine', () => {
    const d = decideReportHeap(4_571_307_568, 4144, 24_000);
    assert.equal(d.kind, 'raise');
    assert.ok(
      d.kind === 'raise' && d.heapMb === d.needMb && d.needMb > 6_500 && d.needMb < 7_000,
      JSON.stringify(d),
    );
  });

  it('too-large: more than 3/4 of the machine’s memory, named in the message', () => {
    const d = decideReportHeap(4_571_307_568, 4144, 8_000);
    assert.deepEqual(d, { kind: 'too-large', needMb: 6796, availableMb: 6000 });
    assert.equal(
      tooLargeMessage(4_571_307_568, d),
      "the runs' samples.jsonl hold 4.6 GB: the report reads every sample and needs about 7.1 GB of memory, more than the 6.3 GB it may take here (3/4 of this machine's); report it on a machine with more memory, or measure shorter runs or fewer viewers (the summary.json llhls measure wrote for the run holds its figures)",
    );
  });

  it('sizeText: MB below a GB, one decimal above', () => {
    assert.equal(sizeText(307_684), '1 MB');
    assert.equal(sizeText(412_000_000), '412 MB');
    assert.equal(sizeText(4_571_307_568), '4.6 GB');
  });
});
