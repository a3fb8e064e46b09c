import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadRuns } from '../../../reports/load-runs.js';
import { percentileMethod } from '../../../reports/report-model.js';
import { describePercentileMethod } from '../../../src/metrics/percentiles.js';
import { fixtureRun } from './fixture-runs.js';

const ARTILLERY = join(import.meta.dirname, '..', '..', 'fixtures', 'artillery', 'viewers-6.json');

describe('percentileMethod', () => {
  it('words the method the summaries state, and the one method for a summary.json from before', async () => {
    const recorded = await fixtureRun('node-viewers');
    assert.equal(recorded.summary.percentiles, undefined, 'recorded before summaries stated it');
    const stated = describePercentileMethod({ method: 'nearest-rank', median: 'p50' });
    assert.equal(percentileMethod([recorded]), stated);
    const recomputed = await fixtureRun('crashed-corrupt');
    assert.equal(recomputed.summarySource, 'recomputed');
    assert.deepEqual(recomputed.summary.percentiles, { method: 'nearest-rank', median: 'p50' });
    assert.equal(percentileMethod([recorded, recomputed]), stated, 'one method: said once');
    assert.match(stated, /^nearest rank: .*the median is the p50/);
  });
  it('Artillery output alone: only its own estimate is stated', async () => {
    const runs = await loadRuns([ARTILLERY]);
    assert.match(percentileMethod(runs), /^viewers-6 \(Artillery output\): figures are Artillery's own/);
  });
});
