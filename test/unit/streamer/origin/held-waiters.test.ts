import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventSurface } from '../../../../src/event-surface.js';
import {
  type HintWaiter,
  HintWaiters,
  type ReloadGroup,
  type ReloadWaiter,
  ReloadWaiters,
  waitKey,
} from '../../../../streamer/origin/held-waiters.js';
import type { ServedWindow } from '../../../../streamer/origin/served-media.js';
import type { ReloadDecision } from '../../../../streamer/packager/blocking-reload.js';
import type { MediaWindowEvents, Part } from '../../../../streamer/packager/media-types.js';

/** The window as the waiters read it: events, the hint, and which parts are published. */
class FakeWindow extends EventSurface<MediaWindowEvents> {
  hint: { number: number } | null = null;
  readonly published = new Set<number>();
  partUri(number: number): string {
    return `part${number}.ts`;
  }
  resolve(uri: string): { kind: string } | null {
    return this.published.has(Number(uri.slice(4, -3))) ? { kind: 'part' } : null;
  }
  fire<K extends keyof MediaWindowEvents>(type: K, payload: MediaWindowEvents[K]): void {
    this.emit(type, payload);
  }
}

const asServed = (w: FakeWindow): ServedWindow => w as unknown as ServedWindow;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class Reload implements ReloadWaiter {
  waitingIn: ReloadGroup | null = null;
  decisions = 0;
  readonly answers: ReloadDecision[] = [];
  constructor(readonly ready: () => boolean) {}
  decide(): ReloadDecision {
    this.decisions += 1;
    return this.ready() ? { kind: 'now' } : { kind: 'wait', msn: 3, part: 1, untilMs: 3000 };
  }
  released(decision: ReloadDecision): void {
    this.answers.push(decision);
  }
}

describe('waitKey (what a held reload waits for)', () => {
  it('is equal for equal waits and different for different ones', () => {
    const keys = [
      waitKey({ msn: 3, part: 1 }),
      waitKey({ msn: 3, part: null }),
      waitKey({ msn: 3, part: 0 }),
      waitKey({ msn: 4, part: 1 }),
      waitKey({ msn: 0, part: 0 }),
      waitKey({ msn: null, part: null }),
      waitKey({ newerThan: 0 }),
      waitKey({ newerThan: 7 }),
    ];
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(waitKey({ msn: 3, part: 1 }), waitKey({ msn: 3, part: 1 }));
    assert.equal(waitKey({ newerThan: 7 }), waitKey({ newerThan: 7 }));
  });

  it('keys numbers past its exact range by text, still apart', () => {
    const big = waitKey({ msn: 2 ** 40, part: 5 });
    assert.equal(typeof big, 'string');
    assert.notEqual(big, waitKey({ msn: 2 ** 40, part: 6 }));
    const manyParts = waitKey({ msn: 1, part: 2 ** 21 });
    assert.equal(typeof manyParts, 'string');
    assert.notEqual(manyParts, waitKey({ msn: 2, part: 2 ** 21 - 1_048_576 }));
  });
});

describe('ReloadWaiters', () => {
  it('asks one decision per update for a group and releases every member with it, once', async () => {
    const window = new FakeWindow();
    const waiters = new ReloadWaiters(asServed(window));
    let ready = false;
    const group = [new Reload(() => ready), new Reload(() => ready), new Reload(() => ready)];
    for (const w of group) waiters.wait(7, w);
    assert.equal(waiters.size, 3);
    window.fire('update', { version: 1, now: 0 });
    await tick();
    assert.deepEqual(
      group.map((w) => w.answers.length),
      [0, 0, 0],
    );
    ready = true;
    window.fire('update', { version: 1, now: 0 });
    window.fire('update', { version: 1, now: 0 });
    await tick();
    assert.deepEqual(
      group.map((w) => w.answers.length),
      [1, 1, 1],
    );
    // The first member decides for all: two passes, one decision each.
    assert.deepEqual(
      group.map((w) => w.decisions),
      [2, 0, 0],
    );
    assert.equal(waiters.size, 0);
    assert.equal(window.listenerCount('update'), 0);
    for (const w of group) assert.equal(w.waitingIn, null);
  });

  it('forgets a cancelled member (and the listener with the last one); a cancel after release does nothing', async () => {
    const window = new FakeWindow();
    const waiters = new ReloadWaiters(asServed(window));
    let ready = false;
    const a = new Reload(() => ready);
    const b = new Reload(() => ready);
    waiters.wait(1, a);
    waiters.wait(2, b);
    waiters.cancel(a);
    waiters.cancel(a);
    assert.equal(waiters.size, 1);
    ready = true;
    window.fire('update', { version: 1, now: 0 });
    await tick();
    assert.equal(a.answers.length, 0);
    assert.equal(b.answers.length, 1);
    waiters.cancel(b);
    assert.equal(window.listenerCount('update'), 0);
    // The group of a cancelled first member still decides for those who stay.
    ready = false;
    const first = new Reload(() => ready);
    const second = new Reload(() => ready);
    waiters.wait(3, first);
    waiters.wait(3, second);
    waiters.cancel(first);
    ready = true;
    window.fire('update', { version: 1, now: 0 });
    await tick();
    assert.equal(second.answers.length, 1);
    assert.equal(first.answers.length, 0);
  });
});

class Hinted implements HintWaiter {
  waitingIn: Set<HintWaiter> | null = null;
  readonly parts: number[] = [];
  abandoned = 0;
  onPart(part: Part): void {
    this.parts.push(part.number);
  }
  onAbandoned(): void {
    this.abandoned += 1;
  }
}

const part = (number: number): Part => ({ number }) as Part;

describe('HintWaiters', () => {
  it("releases a part's waiters when it is published, and no other part's", () => {
    const window = new FakeWindow();
    const waiters = new HintWaiters(asServed(window), () => 0);
    const [a, b, c] = [new Hinted(), new Hinted(), new Hinted()];
    waiters.wait(5, a);
    waiters.wait(5, b);
    waiters.wait(6, c);
    window.fire('part', { part: part(5) } as MediaWindowEvents['part']);
    assert.deepEqual([a.parts, b.parts, c.parts], [[5], [5], []]);
    assert.equal(waiters.size, 1);
    waiters.cancel(c, 6);
    assert.equal(waiters.size, 0);
    assert.equal(window.listenerCount('part'), 0);
    assert.equal(window.listenerCount('hint'), 0);
  });

  it('answers the waiters of a part the hint moved on from without publishing it', async () => {
    const window = new FakeWindow();
    const waiters = new HintWaiters(asServed(window), () => 0);
    const [skipped, published, next] = [new Hinted(), new Hinted(), new Hinted()];
    waiters.wait(8, skipped);
    waiters.wait(9, published);
    waiters.wait(10, next);
    window.published.add(9);
    window.hint = { number: 10 };
    window.fire('hint', { hint: { number: 10 } } as MediaWindowEvents['hint']);
    await tick();
    assert.equal(skipped.abandoned, 1);
    assert.equal(published.abandoned, 0);
    assert.equal(next.abandoned, 0);
    assert.equal(waiters.size, 2);
    waiters.cancel(skipped, 8);
    assert.equal(waiters.size, 2);
  });
});
