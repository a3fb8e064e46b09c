import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReloadUrl, readDirectives } from '../../../../src/hls/ll-hls-url.js';

describe('buildReloadUrl', () => {
  it('adds _HLS_msn, _HLS_part and _HLS_skip in that order', () => {
    assert.equal(
      buildReloadUrl('http://127.0.0.1:8080/live/stream.m3u8', { msn: 273, part: 2, skip: 'YES' }),
      'http://127.0.0.1:8080/live/stream.m3u8?_HLS_msn=273&_HLS_part=2&_HLS_skip=YES',
    );
  });

  it('keeps the query the playlist URL already had', () => {
    assert.equal(
      buildReloadUrl('http://127.0.0.1/s.m3u8?token=abc&x=1', { msn: 5 }),
      'http://127.0.0.1/s.m3u8?token=abc&x=1&_HLS_msn=5',
    );
  });

  it('replaces directives already present instead of repeating them', () => {
    const url = buildReloadUrl('http://127.0.0.1/s.m3u8?_HLS_msn=1&_HLS_part=0&k=v', { msn: 9, part: 3 });
    assert.equal(url, 'http://127.0.0.1/s.m3u8?k=v&_HLS_msn=9&_HLS_part=3');
  });

  it('asks for a delta update alone, and for v2', () => {
    assert.equal(
      buildReloadUrl('http://127.0.0.1/s.m3u8', { skip: 'YES' }),
      'http://127.0.0.1/s.m3u8?_HLS_skip=YES',
    );
    assert.equal(
      buildReloadUrl('http://127.0.0.1/s.m3u8', { skip: 'v2' }),
      'http://127.0.0.1/s.m3u8?_HLS_skip=v2',
    );
  });

  it('returns the bare URL with no directives', () => {
    assert.equal(buildReloadUrl('http://127.0.0.1/s.m3u8?_HLS_msn=3', {}), 'http://127.0.0.1/s.m3u8');
  });

  it('refuses _HLS_part without _HLS_msn (6.2.5.1)', () => {
    assert.throws(() => buildReloadUrl('http://127.0.0.1/s.m3u8', { part: 1 }), /part requires msn/);
  });
});

describe('readDirectives', () => {
  it('round-trips what buildReloadUrl writes and ignores junk', () => {
    const url = new URL(buildReloadUrl('http://127.0.0.1/s.m3u8', { msn: 12, part: 0, skip: 'YES' }));
    assert.deepEqual(readDirectives(url), { msn: 12, part: 0, skip: 'YES' });
    assert.deepEqual(readDirectives(new URL('http://127.0.0.1/s.m3u8?_HLS_msn=abc')), {
      msn: null,
      part: null,
      skip: null,
    });
  });
});
