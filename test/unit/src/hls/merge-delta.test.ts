import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { MediaPlaylist } from '../../../../src/hls/media-playlist.js';
import { mergeDelta } from '../../../../src/hls/merge-delta.js';
import { parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const load = (name: string): MediaPlaylist =>
  parsePlaylist(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as MediaPlaylist;

describe('mergeDelta', () => {
  it('restores the skipped segments from the previous full view', () => {
    const full = load('ll-hls-full.m3u8');
    const delta = load('ll-hls-delta.m3u8');
    const merged = mergeDelta(full, delta);
    assert.ok(merged !== null);
    assert.equal(merged.delta, false);
    assert.equal(merged.skipped, 0);
    assert.deepEqual(
      merged.segments.map((s) => [s.msn, s.uri]),
      [
        [20, 's20.ts'],
        [21, 's21.ts'],
        [22, 's22.ts'],
      ],
    );
    assert.equal(merged.tailParts.length, 3, 'the delta brings the newer tail');
  });

  it('returns null when the previous view lacks a skipped segment', () => {
    const delta = load('ll-hls-delta.m3u8');
    assert.equal(mergeDelta(null, delta), null);
    const older = { ...load('ll-hls-full.m3u8'), segments: [] };
    assert.equal(mergeDelta(older, delta), null);
  });

  it('passes a full playlist through unchanged', () => {
    const full = load('ll-hls-full.m3u8');
    assert.equal(mergeDelta(null, full), full);
  });
});
