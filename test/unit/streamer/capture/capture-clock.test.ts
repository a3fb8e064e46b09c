import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArrivalAnchoredClock,
  PTS_WRAP_TICKS,
  wallclockCapture,
} from '../../../../streamer/capture/capture-clock.js';

// What FFmpeg writes for a frame stamped `us` microseconds since the epoch (settb=AVTB): the
// 90 kHz value rounded to the nearest tick, 33 bits kept.
const tsPts = (us: number): number => Math.round(us * 0.09) % PTS_WRAP_TICKS;

test('wallclockCapture recovers the epoch ms from a 33-bit PTS using the arrival to pick the wrap', () => {
  const capture = Date.UTC(2026, 10, 24, 6, 0, 0, 123); // whole ms
  const pts = tsPts(capture * 1000);
  assert.ok(pts < PTS_WRAP_TICKS);
  assert.equal(wallclockCapture(pts, capture + 3), capture);
  // Arrival may lag by seconds (or the demuxer's unwrapping may add wraps): same answer.
  assert.equal(wallclockCapture(pts + PTS_WRAP_TICKS, capture + 5000), capture);
  assert.equal(wallclockCapture(pts, capture - 2000), capture);
});

test('wallclockCapture stays exact so floor() gives the frame code the source drew', () => {
  const start = Date.UTC(2026, 0, 1) * 1000 + 417; // µs, not on a ms boundary
  for (let n = 0; n < 300; n++) {
    const us = start + Math.round((n * 1_000_000) / 30);
    const pts = tsPts(us);
    const capture = wallclockCapture(pts, us / 1000 + 10);
    // The test source draws floor(round(t * 90000) / 90); t * 90000 = us * 0.09.
    assert.equal(Math.floor(capture), Math.floor(Math.round(us * 0.09) / 90));
    assert.ok(Math.abs(capture - us / 1000) < 0.006, `${capture} vs ${us / 1000}`);
  }
});

test('wallclockCapture across a wrap of the 33-bit PTS', () => {
  // Choose a capture whose 90 kHz value sits just before a multiple of 2^33.
  const wraps = Math.ceil((Date.UTC(2026, 0, 1) * 90) / PTS_WRAP_TICKS);
  const before = (wraps * PTS_WRAP_TICKS - 45) / 90; // 0.5 ms before the wrap
  const after = before + 1; // the raw PTS has wrapped to a small value
  assert.ok(tsPts(after * 1000) < 100);
  assert.equal(wallclockCapture(tsPts(before * 1000), before + 1), before);
  assert.equal(wallclockCapture(tsPts(after * 1000), after + 1), after);
});

test('ArrivalAnchoredClock: first frame at its arrival, the rest by PTS difference', () => {
  const clock = new ArrivalAnchoredClock();
  assert.equal(clock.capture(900_000, 10_000), 10_000);
  assert.equal(clock.capture(903_000, 10_040), 10_000 + 3000 / 90);
  assert.equal(clock.capture(909_000, 10_200), 10_100);
});

test('ArrivalAnchoredClock: a frame arriving before its anchored capture lowers the anchor', () => {
  const clock = new ArrivalAnchoredClock();
  clock.capture(0, 1000); // first frame delayed
  assert.equal(clock.capture(9000, 1080), 1080); // would be 1100: cannot be after its arrival
  assert.equal(clock.capture(18_000, 1300), 1180); // anchor now 980
});

test('ArrivalAnchoredClock re-anchors after reset() and after a timestamp jump', () => {
  const clock = new ArrivalAnchoredClock(5000);
  clock.capture(0, 1000);
  clock.reset();
  assert.equal(clock.capture(5_000_000, 2000), 2000);
  assert.equal(clock.capture(5_000_000 + 90 * 60_000, 2100), 2100); // +60 s of PTS in 0.1 s
  assert.equal(clock.capture(5_000_000 + 90 * 60_100, 2200), 2200);
});
