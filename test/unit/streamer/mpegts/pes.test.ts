import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyPesHeader, PesParse, parsePesHeader } from '../../../../streamer/mpegts/pes.js';
import { pesHeader } from './helpers.js';

describe('parsePesHeader', () => {
  it('reads PTS, DTS and the packet length, up to the 33-bit maximum', () => {
    const out = emptyPesHeader();
    const bytes = pesHeader(0xe0, 2 ** 33 - 1, 2 ** 32 + 5, 1000);
    assert.equal(parsePesHeader(bytes, 0, bytes.length, out), PesParse.Ok);
    assert.deepEqual(out, {
      streamId: 0xe0,
      totalLength: 1006,
      headerLength: 19,
      pts: 2 ** 33 - 1,
      dts: 2 ** 32 + 5,
    });
  });

  it('gives DTS = PTS when there is no DTS, and 0 for an unbounded length', () => {
    const out = emptyPesHeader();
    const bytes = pesHeader(0xc0, 123456789);
    assert.equal(parsePesHeader(bytes, 0, bytes.length, out), PesParse.Ok);
    assert.deepEqual(out, {
      streamId: 0xc0,
      totalLength: 0,
      headerLength: 14,
      pts: 123456789,
      dts: 123456789,
    });
  });

  it('asks for more bytes when the header is cut, at any point', () => {
    const bytes = pesHeader(0xe0, 1, 1);
    for (let end = 0; end < bytes.length; end++) {
      assert.equal(parsePesHeader(bytes, 0, end, emptyPesHeader()), PesParse.NeedMore, `cut at ${end}`);
    }
  });

  it('rejects a missing start code, bad marker bits and the forbidden PTS_DTS_flags 01', () => {
    const out = emptyPesHeader();
    assert.equal(
      parsePesHeader(new Uint8Array([0, 0, 2, 0xe0, 0, 0, 0x80, 0, 0]), 0, 9, out),
      PesParse.Malformed,
    );
    const marker = pesHeader(0xe0, 1);
    marker[6] = 0x40;
    assert.equal(parsePesHeader(marker, 0, marker.length, out), PesParse.Malformed);
    const flags = pesHeader(0xe0, 1);
    flags[7] = 0x40;
    assert.equal(parsePesHeader(flags, 0, flags.length, out), PesParse.Malformed);
  });

  it('reads a header at an offset inside a larger buffer', () => {
    const bytes = new Uint8Array([9, 9, 9, ...pesHeader(0xe0, 90000)]);
    const out = emptyPesHeader();
    assert.equal(parsePesHeader(bytes, 3, bytes.length, out), PesParse.Ok);
    assert.equal(out.pts, 90000);
  });
});
