import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DeadlineEntry, DeadlineList } from '../../../../streamer/origin/deadline-list.js';

class Entry implements DeadlineEntry<Entry> {
  prev: Entry | null = null;
  next: Entry | null = null;
  readonly deadlineAt: number;
  constructor(
    readonly name: string,
    inMs: number,
  ) {
    this.deadlineAt = performance.now() + inMs;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A list whose due entries are recorded with the time they were found due. */
function recording(): { list: DeadlineList<Entry>; due: Array<{ name: string; lateMs: number }> } {
  const due: Array<{ name: string; lateMs: number }> = [];
  const list = new DeadlineList<Entry>((e) => {
    due.push({ name: e.name, lateMs: performance.now() - e.deadlineAt });
    list.remove(e);
  });
  return { list, due };
}

describe("DeadlineList (the held requests' one deadline timer)", () => {
  it('keeps entries in deadline order whatever order they are added in', () => {
    const { list } = recording();
    for (const [name, ms] of [
      ['c', 300],
      ['a', 100],
      ['d', 400],
      ['b', 200],
      ['b2', 200],
    ] as const) {
      list.add(new Entry(name, ms));
    }
    assert.deepEqual(
      list.toArray().map((e) => e.name),
      ['a', 'b', 'b2', 'c', 'd'],
    );
    assert.equal(list.size, 5);
    for (const e of list.toArray()) list.remove(e);
    assert.equal(list.size, 0);
  });

  it('calls onDue for each entry at its deadline, not before, in deadline order', async () => {
    const { list, due } = recording();
    list.add(new Entry('late', 120));
    list.add(new Entry('early', 40));
    list.add(new Entry('middle', 80));
    await sleep(20);
    assert.equal(due.length, 0);
    await sleep(160);
    assert.deepEqual(
      due.map((d) => d.name),
      ['early', 'middle', 'late'],
    );
    // Never early (a timer can fire before performance.now() reaches what it was set for).
    for (const d of due) assert.ok(d.lateMs >= 0, `${d.name} due ${-d.lateMs} ms early`);
    assert.equal(list.size, 0);
  });

  it('an entry removed before its deadline is never due; the next one still is', async () => {
    const { list, due } = recording();
    const answered = new Entry('answered', 30);
    list.add(answered);
    list.add(new Entry('held', 60));
    list.remove(answered);
    await sleep(100);
    assert.deepEqual(
      due.map((d) => d.name),
      ['held'],
    );
  });

  it('an earlier deadline added after a later one re-arms the timer for it', async () => {
    const { list, due } = recording();
    // Far apart: a due entry is found due at any later time (a stalled loop would find both).
    list.add(new Entry('later', 600));
    list.add(new Entry('sooner', 30));
    await sleep(70);
    assert.deepEqual(
      due.map((d) => d.name),
      ['sooner'],
    );
    await sleep(600);
    assert.deepEqual(
      due.map((d) => d.name),
      ['sooner', 'later'],
    );
  });

  it('removes an entry onDue left in the list, and stops its timer when empty (the process can exit)', async () => {
    const seen: string[] = [];
    const list = new DeadlineList<Entry>((e) => seen.push(e.name));
    list.add(new Entry('x', 10));
    list.add(new Entry('y', 10));
    await sleep(40);
    assert.deepEqual(seen, ['x', 'y']);
    assert.equal(list.size, 0);
    // Emptied by removal: no timer left behind to keep the process alive.
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const e = new Entry('z', 60_000);
    list.add(e);
    assert.equal(timers(), before + 1);
    list.remove(e);
    assert.equal(timers(), before);
  });
});
