import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestUrls } from '../../../../src/client/request-urls.js';
import { buildReloadUrl } from '../../../../src/hls/ll-hls-url.js';

const PLAYLISTS = [
  'http://127.0.0.1:8080/playlist.m3u8',
  'http://127.0.0.1:8080/live/stream.m3u8',
  'http://LOCALHOST:80/a/./b/../live.m3u8',
  'http://127.0.0.1:8080/playlist.m3u8?token=a b&_HLS_msn=9',
  'http://127.0.0.1:8080/playlist.m3u8?',
  'http://127.0.0.1:8080/playlist.m3u8#frag',
  'https://[::1]:8443/x/y.m3u8',
];
const URIS = [
  'part12.ts',
  'seg3.ts',
  'sub/part1.ts',
  '../up.ts',
  './here.ts',
  '.hidden',
  'a b.ts',
  '%41.ts',
  'http://other.test/p.ts',
  '/abs.ts',
  '?q=1',
  'x.ts?y=1',
  'part-7_v2.m4s',
];
const DIRECTIVES: Array<[number | null, number | null, boolean]> = [
  [null, null, false],
  [null, null, true],
  [12, null, false],
  [12, 3, false],
  [12, 3, true],
  [0, 0, true],
];

describe('RequestUrls', () => {
  it('builds every reload URL exactly as buildReloadUrl does', () => {
    for (const playlist of PLAYLISTS) {
      const urls = new RequestUrls(playlist);
      for (const [msn, part, skip] of DIRECTIVES) {
        assert.equal(
          urls.reload(msn, part, skip),
          buildReloadUrl(playlist, { msn, part, skip: skip ? 'YES' : null }),
          `${playlist} ${msn} ${part} ${skip}`,
        );
      }
    }
  });

  it('resolves every media URI exactly as new URL(uri, playlist) does', () => {
    for (const playlist of PLAYLISTS) {
      const urls = new RequestUrls(playlist);
      for (const uri of URIS) {
        assert.equal(urls.media(uri), new URL(uri, playlist).toString(), `${playlist} + ${uri}`);
      }
    }
  });

  it('throws like buildReloadUrl for a part without msn', () => {
    assert.throws(() => new RequestUrls(PLAYLISTS[0] as string).reload(null, 2, false), /part requires msn/);
  });
});
