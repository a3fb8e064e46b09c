import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlaylistCatalog } from '../../../../src/browser/playlist-catalog.js';
import { parsePlaylist } from '../../../../src/hls/parse-playlist.js';

const base = 'http://127.0.0.1:8080/live/stream.m3u8';
const playlist = (lastParts: number): string => {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    '#EXT-X-TARGETDURATION:1',
    '#EXT-X-PART-INF:PART-TARGET=0.5',
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5',
    '#EXT-X-MEDIA-SEQUENCE:10',
    '#EXT-X-PART:DURATION=0.5,URI="p10.0.ts",INDEPENDENT=YES',
    '#EXT-X-PART:DURATION=0.5,URI="p10.1.ts"',
    '#EXTINF:1.0,',
    's10.ts',
  ];
  for (let i = 0; i < lastParts; i++) lines.push(`#EXT-X-PART:DURATION=0.5,URI="p11.${i}.ts"`);
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p11.${lastParts}.ts"`);
  return `${lines.join('\n')}\n`;
};

test('classifies listed parts and segments by absolute URL', () => {
  const catalog = new PlaylistCatalog();
  catalog.add(base, parsePlaylist(playlist(1)), 1000);
  assert.deepEqual(catalog.classify('http://127.0.0.1:8080/live/s10.ts', 1100), {
    kind: 'segment',
    msn: 10,
    part: null,
    duration: 1,
    hinted: false,
  });
  assert.deepEqual(catalog.classify('http://127.0.0.1:8080/live/p11.0.ts', 1100), {
    kind: 'part',
    msn: 11,
    part: 0,
    duration: 0.5,
    hinted: false,
  });
  assert.equal(catalog.classify('http://127.0.0.1:8080/live/other.ts', 1100), null);
});

test('a part requested before any playlist listed it, after a preload hint, is a hint request', () => {
  const catalog = new PlaylistCatalog();
  catalog.add(base, parsePlaylist(playlist(1)), 1000);
  const hinted = 'http://127.0.0.1:8080/live/p11.1.ts';
  assert.deepEqual(catalog.classify(hinted, 1050), {
    kind: 'part',
    msn: 11,
    part: 1,
    duration: null,
    hinted: true,
  });
  // The next playlist (received at 1500) lists it: a request started before that was hinted,
  // one started after it was an ordinary part request.
  catalog.add(base, parsePlaylist(playlist(2)), 1500);
  assert.equal(catalog.classify(hinted, 1050)?.hinted, true);
  assert.equal(catalog.classify(hinted, 1600)?.hinted, false);
  assert.equal(catalog.classify(hinted, 1600)?.duration, 0.5);
});
