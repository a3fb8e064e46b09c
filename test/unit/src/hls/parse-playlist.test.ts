import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import { lastListedPart, listedParts, type MediaPlaylist } from '../../../../src/hls/media-playlist.js';
import { parseAttributes, parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const media = (text: string): MediaPlaylist => {
  const playlist = parsePlaylist(text);
  assert.equal(playlist.kind, 'media');
  return playlist as MediaPlaylist;
};

describe('parsePlaylist', () => {
  it('reads an LL-HLS playlist: parts, tail, hint, server control, PDT', () => {
    const p = media(fixture('ll-hls-full.m3u8'));
    assert.equal(p.version, 9);
    assert.equal(p.targetDuration, 1);
    assert.equal(p.partTarget, 0.2);
    assert.equal(p.mediaSequence, 20);
    assert.equal(p.discontinuitySequence, 3);
    assert.equal(p.skipped, 0);
    assert.equal(p.delta, false);
    assert.deepEqual(p.serverControl, {
      canBlockReload: true,
      canSkipUntil: 6,
      canSkipDateRanges: false,
      holdBack: null, // absent, not m3u8-parser's invented 3 x TARGETDURATION
      partHoldBack: 0.6,
    });
    assert.deepEqual(
      p.segments.map((s) => [s.msn, s.uri, s.parts.length]),
      [
        [20, 's20.ts', 0],
        [21, 's21.ts', 0],
        [22, 's22.ts', 5],
      ],
    );
    assert.equal(p.segments[0]?.pdt, Date.parse('2026-11-24T06:00:00.000Z'));
    assert.equal(p.segments[0]?.pdtExplicit, true);
    assert.equal(p.segments[2]?.pdt, Date.parse('2026-11-24T06:00:02.000Z'), 'extrapolated by EXTINF');
    assert.equal(p.segments[2]?.pdtExplicit, false);
    const part = p.segments[2]?.parts[1];
    assert.deepEqual(part, {
      msn: 22,
      index: 1,
      uri: 'p22.1.ts',
      duration: 0.2,
      independent: false,
      gap: false,
      byteRange: null,
    });
    assert.equal(p.segments[2]?.parts[0]?.independent, true);
    assert.deepEqual(
      p.tailParts.map((x) => [x.msn, x.index, x.uri]),
      [
        [23, 0, 'p23.0.ts'],
        [23, 1, 'p23.1.ts'],
      ],
    );
    assert.equal(p.tailPdt, Date.parse('2026-11-24T06:00:03.000Z'));
    assert.deepEqual(p.preloadHint, { type: 'PART', uri: 'p23.2.ts', msn: 23, index: 2, byteRange: null });
    assert.equal(listedParts(p).length, 7);
    assert.deepEqual([lastListedPart(p)?.msn, lastListedPart(p)?.index], [23, 1]);
    assert.equal(p.endList, false);
  });

  it('numbers a delta update from MEDIA-SEQUENCE + SKIPPED-SEGMENTS', () => {
    const p = media(fixture('ll-hls-delta.m3u8'));
    assert.equal(p.delta, true);
    assert.equal(p.skipped, 2);
    assert.equal(p.segments[0]?.msn, 22);
    assert.equal(p.segments[0]?.uri, 's22.ts');
    assert.deepEqual([p.preloadHint?.msn, p.preloadHint?.index], [23, 3]);
  });

  it('does not extrapolate PDT across a discontinuity, and reads ENDLIST', () => {
    const p = media(fixture('segments-discontinuity.m3u8'));
    assert.deepEqual(
      p.segments.map((s) => [s.msn, s.discontinuity, s.pdt === null ? null : new Date(s.pdt).toISOString()]),
      [
        [100, false, '2026-11-24T06:00:00.000Z'],
        [101, false, '2026-11-24T06:00:02.000Z'],
        [102, true, null],
        [103, false, '2026-11-24T07:00:00.000Z'],
      ],
    );
    assert.equal(p.serverControl, null);
    assert.equal(p.partTarget, null);
    assert.equal(p.preloadHint, null);
    assert.equal(p.endList, true);
  });

  it('detects a master playlist and lists its variants', () => {
    const p = parsePlaylist(fixture('master.m3u8'));
    assert.equal(p.kind, 'master');
    assert.deepEqual(p.kind === 'master' ? p.variants : null, [
      { uri: 'low/index.m3u8', bandwidth: 800000, resolution: '640x360', codecs: 'avc1.42c01e' },
      { uri: 'high/index.m3u8', bandwidth: 2500000, resolution: '1280x720', codecs: 'avc1.4d401f' },
    ]);
  });

  it('throws NotAPlaylist for text without #EXTM3U', () => {
    assert.throws(
      () => parsePlaylist('<html>Not found</html>'),
      (error: unknown) => (error as { code?: string }).code === LlhlsErrorCode.NotAPlaylist,
    );
    assert.throws(() => parsePlaylist(''), /not an HLS playlist/);
  });

  it('accepts a BOM and leading blank lines before #EXTM3U', () => {
    const p = media(`\uFEFF\n#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n`);
    assert.equal(p.segments.length, 1);
  });

  it('reads a byte-range preload hint', () => {
    const p = media(
      '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-PART-INF:PART-TARGET=0.5\n#EXT-X-PART:DURATION=0.5,URI="seg1.mp4",BYTERANGE=1000@0\n' +
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg1.mp4",BYTERANGE-START=1000\n',
    );
    assert.deepEqual(p.tailParts[0]?.byteRange, { start: 0, length: 1000 });
    assert.equal(p.preloadHint?.byteRange?.start, 1000);
  });
});

describe('parseAttributes', () => {
  it('keeps commas inside quoted strings', () => {
    const attrs = parseAttributes('URI="a,b.ts",DURATION=0.2,INDEPENDENT=YES');
    assert.equal(attrs.get('URI'), 'a,b.ts');
    assert.equal(attrs.get('DURATION'), '0.2');
    assert.equal(attrs.get('INDEPENDENT'), 'YES');
  });
});
