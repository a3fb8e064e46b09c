import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PACKET_SIZE, packetPid, payloadOffset } from '../../../../streamer/mpegts/packet.js';
import {
  crc32Mpeg2,
  parsePat,
  parsePmt,
  SectionAssembler,
  TABLE_ID_PAT,
  TABLE_ID_PMT,
  validSection,
} from '../../../../streamer/mpegts/psi.js';
import { fixture, pmtSection, psiPackets } from './helpers.js';

/** The section starting in a PSI packet. */
function sectionOf(bytes: Uint8Array, at: number): Uint8Array {
  const assembler = new SectionAssembler();
  const section = assembler.push(bytes, at, at + payloadOffset(bytes, at), true);
  assert.ok(section);
  return section.slice();
}

describe('PSI', () => {
  it('CRC-32/MPEG-2 of "123456789" is 0x0376e6e7 (the standard check value)', () => {
    assert.equal(crc32Mpeg2(new TextEncoder().encode('123456789'), 0, 9), 0x0376e6e7);
  });

  it('parses the PAT and PMT FFmpeg writes', () => {
    const bytes = fixture('h264-aac.mpegts');
    // FFmpeg writes an SDT (PID 0x11) first, then the PAT and the PMT.
    const find = (pid: number) => {
      let at = 0;
      while (packetPid(bytes, at) !== pid) at += PACKET_SIZE;
      return at;
    };
    const pat = sectionOf(bytes, find(0));
    assert.equal(validSection(pat, TABLE_ID_PAT), true);
    assert.deepEqual(parsePat(pat), { programNumber: 1, pmtPid: 0x1000 });
    const pmt = sectionOf(bytes, find(0x1000));
    assert.equal(validSection(pmt, TABLE_ID_PMT), true);
    assert.deepEqual(parsePmt(pmt), {
      programNumber: 1,
      pcrPid: 0x100,
      streams: [
        { pid: 0x100, streamType: 0x1b, codec: 'h264' },
        { pid: 0x101, streamType: 0x0f, codec: 'aac' },
      ],
    });
  });

  it('rejects a section whose CRC does not match', () => {
    const pat = sectionOf(psiPackets([{ pid: 0x100, streamType: 0x1b }]), 0);
    assert.equal(validSection(pat, TABLE_ID_PAT), true);
    pat[9]! ^= 1;
    assert.equal(validSection(pat, TABLE_ID_PAT), false);
    assert.equal(validSection(pat, TABLE_ID_PMT), false);
  });

  it('reassembles a section that spans packets and keeps those packets', () => {
    const streams = Array.from({ length: 40 }, (_, i) => ({ pid: 0x100 + i, streamType: 0x06 }));
    const pmt = pmtSection(streams);
    assert.ok(pmt.length > 183);
    // Split the same section over two packets by hand.
    const first = new Uint8Array(PACKET_SIZE).fill(0xff);
    first.set([0x47, 0x50, 0x00, 0x10, 0x00]);
    first.set(pmt.subarray(0, 183), 5);
    const second = new Uint8Array(PACKET_SIZE).fill(0xff);
    second.set([0x47, 0x10, 0x00, 0x11]);
    second.set(pmt.subarray(183), 4);
    const assembler = new SectionAssembler();
    assert.equal(assembler.push(first, 0, 4, true), undefined);
    const section = assembler.push(second, 0, 4, false);
    assert.deepEqual(section, pmt);
    assert.equal(validSection(section!, TABLE_ID_PMT), true);
    assert.equal(parsePmt(section!)?.streams.length, 40);
    assert.equal(assembler.packets.length, 2);
  });
});
