import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SegmentWatcher, type SegmentWatcherEvents } from '../../../../streamer/gstreamer/segment-watcher.js';

// The watcher on a real directory, fed the files GStreamer wrote (test/fixtures/gstreamer) the
// way splitmuxsink writes them: a file grows in pieces while it is open, and is whole (mfra last)
// once closed. Both ways of finding closed files run: fs.watch (inotify) with its backup poll,
// and the poll alone (the fallback where fs.watch cannot be used).

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../fixtures/gstreamer/${name}`, import.meta.url)));
const files = ['seg00000.mp4', 'seg00001.mp4', 'seg00002.mp4'].map(fixture);

type Found = SegmentWatcherEvents['file'];

let dir: string;
let watcher: SegmentWatcher | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llhls-watcher-'));
});
afterEach(async () => {
  watcher?.close();
  watcher = null;
  await rm(dir, { recursive: true, force: true });
});

/** Resolves once `count` files were found, or rejects after `ms`. */
function collect(w: SegmentWatcher, count: number, ms: number) {
  const found: Found[] = [];
  const invalid: SegmentWatcherEvents['invalid'][] = [];
  w.on('invalid', (event) => invalid.push(event));
  const done = new Promise<Found[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${found.length} of ${count} files in ${ms} ms`)), ms);
    w.on('file', (event) => {
      found.push(event);
      if (found.length === count) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { found, invalid, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes a file in three pieces, `gapMs` apart (splitmuxsink appends fragment by fragment). */
async function writeInPieces(name: string, bytes: Uint8Array, gapMs: number): Promise<void> {
  const cuts = [0, Math.floor(bytes.length / 3), Math.floor((2 * bytes.length) / 3), bytes.length];
  await writeFile(join(dir, name), bytes.subarray(cuts[0], cuts[1]));
  for (let i = 1; i < 3; i++) {
    await sleep(gapMs);
    await appendFile(join(dir, name), bytes.subarray(cuts[i], cuts[i + 1]));
  }
}

for (const useWatch of [true, false]) {
  const mode = useWatch ? 'watch' : 'poll';
  describe(`SegmentWatcher, ${useWatch ? 'fs.watch with a backup poll' : 'polling only (the fallback)'}`, () => {
    test('files written in pieces are taken once whole, each once, in index order', async () => {
      watcher = new SegmentWatcher(dir, { useWatch });
      assert.equal(watcher.mode, mode);
      const { found, invalid, done } = collect(watcher, 3, 10_000);
      // Each file half-written for longer than a poll period: never taken while incomplete.
      for (const [i, bytes] of files.entries()) await writeInPieces(`seg0000${i}.mp4`, bytes, 250);
      await done;
      assert.deepEqual(
        found.map((f) => [f.name, f.index, f.file.sampleCount]),
        [
          ['seg00000.mp4', 0, 15],
          ['seg00001.mp4', 1, 15],
          ['seg00002.mp4', 2, 15],
        ],
      );
      assert.deepEqual(invalid, []);
      if (!useWatch) assert.ok(found.every((f) => f.detectedBy === 'poll'));
      assert.equal(watcher.nextIndex, 3);
      await sleep(300);
      assert.equal(found.length, 3, 'nothing taken twice');
    });

    test('a file that stays incomplete once the next exists is skipped as invalid; the next is taken', async () => {
      watcher = new SegmentWatcher(dir, { useWatch });
      const { found, invalid, done } = collect(watcher, 2, 10_000);
      await writeFile(join(dir, 'seg00000.mp4'), files[0]!);
      await writeFile(join(dir, 'seg00001.mp4'), files[1]!.subarray(0, 5000)); // truncated, "closed"
      await sleep(400);
      assert.deepEqual(
        found.map((f) => f.name),
        ['seg00000.mp4'],
        'the truncated file is awaited while it is the newest',
      );
      await writeFile(join(dir, 'seg00002.mp4'), files[2]!);
      await done;
      assert.deepEqual(
        found.map((f) => [f.name, f.index]),
        [
          ['seg00000.mp4', 0],
          ['seg00002.mp4', 2],
        ],
      );
      assert.equal(invalid.length, 1);
      assert.equal(invalid[0]!.name, 'seg00001.mp4');
      assert.match(invalid[0]!.reason, /^closed but /);
    });
  });
}

test('polling only: a file is found within a few poll periods, though nothing signals it', async () => {
  watcher = new SegmentWatcher(dir, { useWatch: false });
  const { found, done } = collect(watcher, 1, 5000);
  const started = performance.now();
  await writeFile(join(dir, 'seg00000.mp4'), files[0]!);
  await done;
  assert.equal(found[0]!.detectedBy, 'poll');
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `found after ${ms} ms (polled every 100 ms)`);
});

test('a file its listener throws on is reported and skipped; the stream goes on with the next', async () => {
  watcher = new SegmentWatcher(dir, { useWatch: false });
  let calls = 0;
  watcher.on('file', () => {
    calls += 1;
    if (calls === 1) throw new RangeError('cannot publish this one');
  });
  const { found, invalid, done } = collect(watcher, 2, 5000);
  for (const [i, bytes] of files.entries()) await writeFile(join(dir, `seg0000${i}.mp4`), bytes);
  await done;
  assert.deepEqual(
    found.map((f) => f.name),
    ['seg00001.mp4', 'seg00002.mp4'],
  );
  assert.deepEqual(invalid, [{ name: 'seg00000.mp4', reason: 'not published: cannot publish this one' }]);
  assert.equal(calls, 3, 'each file handed over once');
});
