import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRun, upgradeSample } from '../../../../src/run/run-reader.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/runs/${name}`, import.meta.url));

describe('readRun of an llhls.sample/1 run', () => {
  it("reads the playout samples' capture_to_display as estimated_display, every line valid", async () => {
    const run = await readRun(fixture('node-viewers'));
    assert.deepEqual(run.issues, []);
    const playout = run.samples.filter((s) => s.type === 'playout');
    assert.ok(playout.length > 10);
    for (const s of playout) {
      assert.equal(typeof s.estimated_display, 'number');
      assert.equal('capture_to_display' in s, false);
    }
  });

  it('leaves other samples and llhls.sample/2 lines as they are', () => {
    const frame = { type: 'frame', capture_to_display: 300 };
    assert.equal(upgradeSample(frame), frame);
    const current = { type: 'playout', estimated_display: 350 };
    assert.equal(upgradeSample(current), current);
    assert.deepEqual(upgradeSample({ type: 'playout', t: 1, capture_to_display: 361 }), {
      type: 'playout',
      t: 1,
      estimated_display: 361,
    });
  });
});
