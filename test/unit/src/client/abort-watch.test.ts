import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Abortable, unwatchAbort, watchAbort } from '../../../../src/client/abort-watch.js';

describe('watchAbort', () => {
  it('reaches every watched target once on abort, and none that was unwatched', () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const target = (name: string): Abortable => ({ onAbort: () => seen.push(name) });
    const a = target('a');
    const b = target('b');
    const c = target('c');
    watchAbort(controller.signal, a);
    watchAbort(controller.signal, b);
    watchAbort(controller.signal, c);
    unwatchAbort(controller.signal, b);
    controller.abort();
    controller.abort();
    assert.deepEqual(seen, ['a', 'c']);
  });

  it('adds one listener per signal however many targets', () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners += 1;
      add(...args);
    }) as typeof add;
    for (let i = 0; i < 100; i += 1) watchAbort(controller.signal, { onAbort: () => {} });
    assert.equal(listeners, 1);
  });
});
