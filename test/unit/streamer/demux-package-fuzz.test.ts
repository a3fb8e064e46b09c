import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzCase, loadCaptures } from '../../helpers/demux-package-fuzz.js';

// The demuxer + packager fuzz at a bounded size (bench/demux-package-fuzz.ts runs 10^6 inputs):
// random, truncated and corrupted input in random chunks, MPEG-TS or fMP4 parts, never an
// exception, a playlist that keeps the hard rules, fMP4 parts and init segments that are boxes,
// parts independent of the chunking, no input slow.
describe('demuxer + packager fuzz (bounded)', () => {
  it('400 inputs: no exception, rules kept, deterministic, each under 1 s', () => {
    const captures = loadCaptures();
    let parts = 0;
    let fmp4Parts = 0;
    let slowest = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const outcome = fuzzCase(seed, captures);
      parts += outcome.parts;
      if (outcome.container === 'fmp4') fmp4Parts += outcome.parts;
      slowest = Math.max(slowest, outcome.ms);
    }
    // 980 parts from these 400 inputs (1026 before timelines shorter than the frame-rate learning
    // were dropped): far from none, so the inputs do reach the packager.
    assert.ok(parts > 900, `${parts} parts: the inputs reach the packager`);
    // 353 of them fMP4 (moof + mdat, checked as boxes, with their init segments).
    assert.ok(fmp4Parts > 250, `${fmp4Parts} fMP4 parts: the fMP4 writer is fuzzed too`);
    assert.ok(slowest < 1000, `slowest input ${slowest.toFixed(0)} ms`);
  });
});
