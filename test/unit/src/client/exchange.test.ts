import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Exchange, undelivered } from '../../../../src/client/exchange.js';
import { emptyResult } from '../../../../src/client/http-adapter.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('results settled faster than a fixed slice a turn are still delivered: the backlog stays bounded', async () => {
  // A starved process reads many responses in one I/O phase: here 100 a turn, for 200 turns.
  const perTurn = 100;
  const turns = 200;
  let delivered = 0;
  let most = 0;
  for (let turn = 0; turn < turns; turn += 1) {
    for (let i = 0; i < perTurn; i += 1) {
      const exchange = new Exchange(
        emptyResult(`/part${turn}-${i}.ts`, 0),
        () => {
          delivered += 1;
        },
        () => 0,
        null,
        null,
      );
      exchange.settle();
    }
    most = Math.max(most, undelivered());
    await nextTurn();
  }
  // At most 1024 plus one turn's arrivals wait (a fixed 16 a turn would leave 84 more behind
  // every turn: ~16 800 by the end).
  assert.ok(most <= 1024 + perTurn, `at most ${most} results waited`);
  assert.ok(most > 1024, 'the test reaches the limit');
  for (let i = 0; i < 200 && undelivered() > 0; i += 1) await nextTurn();
  assert.equal(undelivered(), 0);
  assert.equal(delivered, perTurn * turns);
});
