import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { DecodedBodies } from '../../../../src/client/decoded-bodies.js';

describe('DecodedBodies', () => {
  it('decodes gzip and deflate, and returns one Buffer per distinct wire body', () => {
    const bodies = new DecodedBodies(2);
    const a = gzipSync(Buffer.from('#EXTM3U\nA\n'));
    const first = bodies.decode(Buffer.from(a), 'gzip');
    assert.equal(first.toString(), '#EXTM3U\nA\n');
    assert.equal(bodies.decode(Buffer.from(a), 'gzip'), first, 'same bytes in another Buffer: same result');
    assert.equal(bodies.decode(Buffer.from(a), 'x-gzip').toString(), '#EXTM3U\nA\n');
    assert.equal(bodies.decode(deflateSync(Buffer.from('B')), 'deflate').toString(), 'B');
  });

  it('passes other encodings through and forgets the oldest body past its size', () => {
    const bodies = new DecodedBodies(2);
    const plain = Buffer.from('plain');
    assert.equal(bodies.decode(plain, null), plain);
    assert.equal(bodies.decode(plain, 'br'), plain);
    const one = gzipSync(Buffer.from('1'));
    const first = bodies.decode(one, 'gzip');
    bodies.decode(gzipSync(Buffer.from('2')), 'gzip');
    bodies.decode(gzipSync(Buffer.from('3')), 'gzip');
    const again = bodies.decode(one, 'gzip');
    assert.notEqual(again, first, 'decoded afresh after eviction');
    assert.equal(again.toString(), '1');
  });

  it('throws on a corrupt body', () => {
    assert.throws(() => new DecodedBodies().decode(Buffer.from('not gzip'), 'gzip'));
  });
});
