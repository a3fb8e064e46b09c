import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartBuffer } from '../../../../streamer/packager/part-buffer.js';

describe('PartBuffer', () => {
  it('keeps every view valid when a part moves to a new slab', () => {
    const buffer = new PartBuffer();
    const chunk = (n: number, size: number) => new Uint8Array(size).fill(n);
    const parts: Uint8Array[] = [];
    const views: { view: Uint8Array; n: number }[] = [];
    for (let p = 0; p < 80; p++) {
      buffer.begin();
      for (let c = 0; c < 5; c++) {
        const n = (p * 5 + c) & 0xff;
        views.push({ view: buffer.append(chunk(n, 188 * 37)), n });
      }
      assert.equal(buffer.length, 5 * 188 * 37);
      parts.push(buffer.bytes());
    }
    assert.ok(80 * 5 * 188 * 37 > 2 * PartBuffer.SLAB); // crossed slabs
    for (const { view, n } of views) assert.ok(view.every((b) => b === n));
    for (const [p, bytes] of parts.entries()) {
      assert.equal(bytes.length, 5 * 188 * 37);
      for (let c = 0; c < 5; c++) assert.equal(bytes[c * 188 * 37], (p * 5 + c) & 0xff);
    }
  });

  it('takes a part larger than a slab', () => {
    const buffer = new PartBuffer();
    buffer.begin();
    buffer.append(new Uint8Array(100).fill(1));
    buffer.append(new Uint8Array(PartBuffer.SLAB).fill(2));
    const bytes = buffer.bytes();
    assert.equal(bytes.length, PartBuffer.SLAB + 100);
    assert.equal(bytes[99], 1);
    assert.equal(bytes[100], 2);
  });
});
