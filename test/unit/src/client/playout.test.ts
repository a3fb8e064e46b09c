import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Playout } from '../../../../src/client/playout.js';

describe('Playout', () => {
  it('starts when the first part is there, then shows parts at rate 1', () => {
    const playout = new Playout(1000, 0.2);
    const a = playout.expect(1, 0, 0.2);
    const b = playout.expect(1, 1, 0.2);
    playout.arrived(a, 1030, 500, null);
    playout.arrived(b, 1100, 700, null);
    const step = playout.advance(1300);
    assert.deepEqual(
      step.displayed.map((d) => [d.part, d.display, d.estimatedDisplay]),
      [
        [0, 1030, 530],
        [1, 1230, 530],
      ],
    );
    assert.deepEqual(step.stalls, []);
    assert.equal(playout.startupMs, 30);
  });

  it('does not show a part before its time', () => {
    const playout = new Playout(0, 0.2);
    const a = playout.expect(1, 0, 0.2);
    const b = playout.expect(1, 1, 0.2);
    playout.arrived(a, 0, 0, null);
    playout.arrived(b, 10, 0, null);
    assert.deepEqual(
      playout.advance(100).displayed.map((d) => d.part),
      [0],
    );
    assert.deepEqual(playout.advance(199).displayed, []);
    assert.deepEqual(
      playout.advance(200).displayed.map((d) => d.part),
      [1],
    );
  });

  it('stalls until a late part arrives, and shifts what follows', () => {
    const playout = new Playout(0, 0.2);
    const [a, b, c] = [playout.expect(1, 0, 0.2), playout.expect(1, 1, 0.2), playout.expect(1, 2, 0.2)];
    playout.arrived(a, 0, -100, null);
    playout.advance(0);
    assert.equal(playout.advance(250).displayed.length, 0);
    assert.equal(playout.stalledSince, 200);
    playout.arrived(b, 290, 100, null);
    playout.arrived(c, 300, 300, null);
    const step = playout.advance(600);
    assert.deepEqual(step.stalls, [{ start: 200, end: 290 }]);
    assert.deepEqual(
      step.displayed.map((d) => [d.part, d.display]),
      [
        [1, 290],
        [2, 490],
      ],
    );
    assert.equal(playout.stalledSince, null, 'part 2 plays until 690');
  });

  it('an arrival reported late but received in time is not a stall', () => {
    const playout = new Playout(0, 0.2);
    const a = playout.expect(1, 0, 0.2);
    const b = playout.expect(1, 1, 0.2);
    playout.arrived(a, 0, 0, null);
    playout.advance(0);
    playout.advance(210); // looks stalled: part 1 not reported yet
    playout.arrived(b, 150, 0, null); // but its last byte came at 150
    const step = playout.advance(220);
    assert.deepEqual(step.stalls, []);
    assert.deepEqual(
      step.displayed.map((d) => d.display),
      [200],
    );
  });

  it('skips failed parts, uses the default duration for unknown ones, reports an open stall', () => {
    const playout = new Playout(0, 0.25);
    const [a, b, c] = [playout.expect(1, 0, null), playout.expect(1, 1, 0.2), playout.expect(1, 2, 0.2)];
    playout.arrived(a, 0, null, null);
    playout.failed(b);
    playout.arrived(c, 100, null, null);
    const step = playout.advance(400);
    assert.deepEqual(
      step.displayed.map((d) => [d.part, d.display, d.estimatedDisplay]),
      [
        [0, 0, null],
        [2, 250, null],
      ],
    );
    assert.deepEqual(playout.finish(1000), { start: 450, end: null });
    assert.equal(playout.bufferAhead(), 0);
  });

  it('relabels a hinted part that was listed elsewhere, keeping its place in the order', () => {
    const playout = new Playout(0, 0.1);
    const last = playout.expect(5, 9, 0.1);
    const hinted = playout.expect(5, 10, null); // guessed; it became part 0 of segment 6
    playout.relabel(hinted, 6, 0);
    playout.arrived(last, 0, 0, null);
    playout.arrived(hinted, 50, 100, 0.1);
    playout.arrived(hinted, 70, 100, 0.1); // fetched twice: the first arrival counts
    assert.deepEqual(
      playout.advance(100).displayed.map((d) => [d.msn, d.part, d.display]),
      [
        [5, 9, 0],
        [6, 0, 100],
      ],
    );
  });
});
