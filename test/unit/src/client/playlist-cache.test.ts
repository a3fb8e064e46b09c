import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlaylistCache } from '../../../../src/client/playlist-cache.js';

const TEXT =
  '#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:4\n#EXTINF:1.0,\nseg4.ts\n';

describe('PlaylistCache', () => {
  it('parses a body once, matched by identity or by bytes, like parse(text)', () => {
    const cache = new PlaylistCache();
    const body = Buffer.from(TEXT);
    const first = cache.parseBody(body);
    assert.equal(first.kind, 'media');
    assert.equal(cache.parseBody(body), first);
    assert.equal(cache.parseBody(Buffer.from(TEXT)), first, 'same bytes, another Buffer');
    assert.equal(cache.parse(TEXT), first, 'and the text form');
    assert.equal(cache.hits, 3);
  });

  it('parses different bytes anew and throws on a body that is not a playlist', () => {
    const cache = new PlaylistCache();
    const a = cache.parseBody(Buffer.from(TEXT));
    const b = cache.parseBody(Buffer.from(TEXT.replace('seg4', 'seg5')));
    assert.notEqual(a, b);
    assert.throws(() => cache.parseBody(Buffer.from('<html>')), /playlist/i);
  });
});
