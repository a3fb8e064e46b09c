import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoxWriter } from '../../../../streamer/fmp4/box-writer.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('BoxWriter (ISO/IEC 14496-12 §4.2)', () => {
  it('writes a box as size, four-character type and payload, big-endian', () => {
    const bytes = new BoxWriter(4)
      .open('free')
      .u8(1)
      .u16(0x0203)
      .u24(0x040506)
      .u32(0x0708090a)
      .close()
      .finish();
    assert.equal(hex(bytes), `00000012${hex(Buffer.from('free'))}0102030405060708090a`);
    assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), bytes.length);
  });

  it('a FullBox carries version and 24 flag bits after its type; nested sizes include children', () => {
    const w = new BoxWriter(8);
    w.open('moof').open('mfhd', { version: 1, flags: 0x020001 }).u32(7).close().close();
    const bytes = w.finish();
    assert.equal(bytes.length, 8 + 16);
    assert.equal(hex(bytes.subarray(0, 8)), `00000018${hex(Buffer.from('moof'))}`);
    assert.equal(hex(bytes.subarray(8)), `00000010${hex(Buffer.from('mfhd'))}0102000100000007`);
  });

  it('u64 writes decode times past 2^32 exactly (90 kHz ticks of a wall-clock PTS)', () => {
    const value = 2 ** 33 + 12345; // past the 33-bit MPEG-TS wrap, as unwrapped DTS are
    const bytes = new BoxWriter().u64(value).finish();
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    assert.equal(view.getUint32(0) * 2 ** 32 + view.getUint32(4), value);
    assert.throws(() => new BoxWriter().u64(-1), RangeError);
    assert.throws(() => new BoxWriter().u64(2 ** 53), RangeError);
  });

  it('patches a u32 written earlier (a data offset known only after the moof)', () => {
    const w = new BoxWriter();
    w.u32(0);
    const at = w.position;
    w.u32(0).patchU32(at, 0xdeadbeef);
    assert.equal(hex(w.finish()), '00000000deadbeef');
  });

  it('grows past its first capacity without losing bytes', () => {
    const w = new BoxWriter(2);
    const data = new Uint8Array(10_000).map((_, i) => i & 0xff);
    w.open('mdat').bytes(data).close();
    const bytes = w.finish();
    assert.equal(bytes.length, 10_008);
    assert.deepEqual(bytes.subarray(8), data);
  });

  it('refuses to finish with a box open, and close() without one', () => {
    assert.throws(() => new BoxWriter().open('moov').finish(), /open/);
    assert.throws(() => new BoxWriter().close(), /without an open box/);
  });
});
