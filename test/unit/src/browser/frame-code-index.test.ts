import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameCodeOf } from '../../../../src/browser/frame-code.js';
import { FrameCodeIndex } from '../../../../src/browser/frame-code-index.js';

const t0 = 1_795_000_000_000.4;
const captures = Array.from({ length: 30 }, (_, i) => t0 + (i * 1000) / 30);

test('looks a code up exactly and within +-1 (drawn and packaged values may round apart)', () => {
  const index = new FrameCodeIndex(24);
  index.addCaptures(captures);
  const c = captures[7]!;
  assert.equal(index.lookup(frameCodeOf(c, 24)), c);
  assert.equal(index.lookup(frameCodeOf(c, 24) + 1), c);
  assert.equal(index.lookup(frameCodeOf(c, 24) - 1), c);
  // Frames are 33 ms apart: a code 10 ms away from every frame matches none.
  assert.equal(index.lookup(frameCodeOf(c + 10, 24)), null);
});

test('wraps around 2^bits', () => {
  const index = new FrameCodeIndex(8);
  index.addCaptures([255]);
  assert.equal(index.lookup(0), 255);
});

test('forgets captures older than the retention behind the newest', () => {
  const index = new FrameCodeIndex(24, 500);
  index.addCaptures(captures);
  assert.ok(index.size < captures.length);
  assert.equal(index.lookup(frameCodeOf(captures[0]!, 24)), null);
  assert.equal(index.lookup(frameCodeOf(captures[29]!, 24)), captures[29]);
});

test('adds every part frame of a timestamps.json document', () => {
  const index = new FrameCodeIndex(24);
  index.add({
    schema: 'llhls.timestamps/1',
    serverTime: t0 + 2000,
    stream: {} as never,
    mediaSequence: 5,
    discontinuitySequence: 0,
    segments: [
      {
        msn: 5,
        uri: 's5.ts',
        duration: 1,
        discontinuity: false,
        firstPts: 0,
        capture: t0,
        programDateTime: t0,
        publish: t0 + 1100,
        complete: true,
        parts: [0, 1].map((part) => ({
          msn: 5,
          part,
          uri: `p5.${part}.ts`,
          duration: 0.5,
          independent: part === 0,
          firstPts: 0,
          capture: captures[part * 15]!,
          frameCaptures: captures.slice(part * 15, part * 15 + 15),
          publish: t0 + 600 * (part + 1),
        })),
      },
    ],
  });
  assert.equal(index.size, 30);
  assert.equal(index.lookup(frameCodeOf(captures[20]!, 24)), captures[20]);
});
