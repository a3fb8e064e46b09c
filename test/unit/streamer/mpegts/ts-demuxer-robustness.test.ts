import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatBytes } from '../../../../src/bytes.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { AccessUnit } from '../../../../streamer/mpegts/types.js';
import {
  demux,
  demux as demuxWith,
  fixture,
  fixtureJson,
  packet,
  pesHeader,
  psiPackets,
  randomSizes,
  seeded,
  unitsOf,
} from './helpers.js';

const key = (u: AccessUnit) => [u.pid, u.pts, u.dts, u.keyframe];

/** Whole packets only, each starting with a sync byte. */
function assertWholePackets(packets: Uint8Array): void {
  assert.equal(packets.length % 188, 0);
  for (let at = 0; at < packets.length; at += 188) assert.equal(packets[at], 0x47);
}

describe('TsDemuxer resync', () => {
  it('garbage-middle.ts: skips exactly the inserted garbage and loses no unit', () => {
    const { insertions } = fixtureJson<{ insertions: { at: number; length: number }[] }>(
      'garbage-middle.json',
    );
    const clean = demux(fixture('h264-aac.mpegts'));
    for (const sizes of [[1 << 30], [65536], [100, 7, 1000]]) {
      const { demuxer, units, packets } = demux(fixture('garbage-middle.mpegts'), sizes);
      assert.equal(demuxer.stats.resyncs, insertions.length);
      assert.equal(
        demuxer.stats.resyncBytes,
        insertions.reduce((sum, i) => sum + i.length, 0),
      );
      assert.deepEqual(packets, fixture('h264-aac.mpegts'), 'the garbage is gone, every packet is kept');
      assert.deepEqual(units.map(key), clean.units.map(key));
      assert.equal(demuxer.stats.continuityErrors, 0);
    }
  });

  it('recovers from garbage inside a packet and from a leading partial packet', () => {
    const source = fixture('h264-aac.mpegts');
    const clean = demux(source).units;
    const garbage = new Uint8Array(77).fill(0x11);
    // 30 bytes into packet 300: that packet is broken, and resync happens at packet 301.
    const cut = 300 * 188 + 30;
    const damaged = concatBytes([source.subarray(100, cut), garbage, source.subarray(cut)]);
    const { demuxer, units, packets } = demux(damaged, [4096]);
    assertWholePackets(packets);
    assert.ok(demuxer.stats.resyncs >= 2);
    assert.ok(demuxer.stats.resyncBytes >= 88 + 77);
    // Every unit that starts well after the damage comes out exactly as in the clean stream.
    const late = (u: AccessUnit) => u.dts > (clean.find((c) => c.pid === 0x100 && c.pts > 45000)?.dts ?? 0);
    assert.deepEqual(units.filter(late).map(key), clean.filter(late).map(key));
  });
});

describe('TsDemuxer continuity', () => {
  it('cc-errors.ts: counts each dropped packet once, accepts one duplicate, keeps every unit', () => {
    const { dropped } = fixtureJson<{ dropped: number[]; duplicated: number }>('cc-errors.json');
    const clean = demux(fixture('h264-aac.mpegts')).units;
    const { demuxer, units, packets } = demux(fixture('cc-errors.mpegts'), [188 * 7 + 3]);
    assert.equal(demuxer.stats.continuityErrors, dropped.length);
    assert.deepEqual(units.map(key), clean.map(key));
    // The damage is passed on untouched: the duplicate too.
    assert.deepEqual(packets, fixture('cc-errors.mpegts'));
    const shorter = units.filter((u, i) => u.byteLength < clean[i]!.byteLength);
    assert.equal(shorter.length, dropped.length);
  });

  it('does not count adaptation-only packets, a single duplicate or a signalled discontinuity', () => {
    const es = (cc: number, extra: Partial<Parameters<typeof packet>[0]> = {}) =>
      packet({ pid: 0x100, cc, payload: new Uint8Array(100).fill(0xaa), ...extra });
    const stream = concatBytes([
      psiPackets([{ pid: 0x100, streamType: 0x1b }]),
      packet({ pid: 0x100, cc: 0, unitStart: true, payload: pesHeader(0xe0, 9000) }),
      es(1),
      packet({ pid: 0x100, cc: 1 }), // adaptation field only: the counter does not move
      es(2),
      es(2), // duplicate
      es(3),
      es(9, { discontinuity: true }),
      es(10),
    ]);
    assert.equal(demux(stream).demuxer.stats.continuityErrors, 0);
    const broken = concatBytes([stream, es(10), es(10), es(12)]);
    // A second repeat is an error, and so is the jump from 10 to 12.
    assert.equal(demux(broken).demuxer.stats.continuityErrors, 2);
  });

  it('counts transport_error_indicator packets and trusts nothing in them', () => {
    const stream = concatBytes([
      psiPackets([{ pid: 0x100, streamType: 0x1b }]),
      packet({ pid: 0x100, cc: 0, unitStart: true, payload: pesHeader(0xe0, 9000) }),
      packet({ pid: 0x100, cc: 5, unitStart: true, transportError: true, payload: pesHeader(0xe0, 12000) }),
      packet({ pid: 0x100, cc: 1, unitStart: true, payload: pesHeader(0xe0, 15000) }),
    ]);
    const { demuxer, units, packets } = demux(stream);
    assert.equal(demuxer.stats.transportErrors, 1);
    assert.equal(demuxer.stats.continuityErrors, 0);
    assert.deepEqual(
      units.map((u) => u.pts),
      [9000, 15000],
    );
    assert.deepEqual(packets, stream);
  });
});

describe('TsDemuxer PES edge cases', () => {
  const psi = psiPackets([{ pid: 0x100, streamType: 0x1b }]);
  // These streams pad short packets in the middle of a PES (packet() pads with stuffing), which
  // real muxers do not: padding must not end units here.
  const demux = (bytes: Uint8Array, sizes?: number[]) =>
    demuxWith(bytes, sizes, new TsDemuxer({ stuffingEnds: false }));

  it('reads a PES header split across two packets', () => {
    const header = pesHeader(0xe0, 123456, 120000);
    const es = [0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x65, 0x88];
    const stream = concatBytes([
      psi,
      packet({ pid: 0x100, cc: 0, unitStart: true, payload: header.subarray(0, 7) }),
      packet({ pid: 0x100, cc: 1, payload: new Uint8Array([...header.subarray(7), ...es]) }),
      packet({ pid: 0x100, cc: 2, unitStart: true, payload: pesHeader(0xe0, 126456, 123000) }),
    ]);
    const { units, demuxer } = demux(stream, [1000]);
    assert.equal(demuxer.stats.pesErrors, 0);
    assert.deepEqual(
      units.map((u) => [u.pts, u.dts, u.keyframe, u.endedBy]),
      [
        [123456, 120000, true, 'next-unit'],
        [126456, 123000, false, 'flush'],
      ],
    );
  });

  it('finds an IDR slice whose start code straddles two packets, and a keyframe by random_access_indicator', () => {
    const header = pesHeader(0xe0, 3000);
    const stream = concatBytes([
      psi,
      packet({
        pid: 0x100,
        cc: 0,
        unitStart: true,
        payload: new Uint8Array([...header, 0, 0, 0, 1, 0x09, 0xf0, 0, 0]),
      }),
      packet({ pid: 0x100, cc: 1, payload: new Uint8Array([0, 1, 0x65, 0x88]) }),
      packet({ pid: 0x100, cc: 2, unitStart: true, randomAccess: true, payload: pesHeader(0xe0, 6000) }),
      packet({
        pid: 0x100,
        cc: 3,
        unitStart: true,
        payload: new Uint8Array([...pesHeader(0xe0, 9000), 0, 0, 1, 0x41]),
      }),
    ]);
    const { units } = demux(stream, [17]);
    assert.deepEqual(
      units.map((u) => u.keyframe),
      [true, true, false],
    );
  });

  it('stops scanning at the first slice: a later IDR NAL in the payload is not read', () => {
    const payload = new Uint8Array([...pesHeader(0xe0, 3000), 0, 0, 1, 0x41, 0, 0, 1, 0x65]);
    const stream = concatBytes([psi, packet({ pid: 0x100, cc: 0, unitStart: true, payload })]);
    assert.equal(demux(stream).units[0]!.keyframe, false);
  });

  it('counts a PES without start code, with a bad header or without PTS, and skips it', () => {
    const good = (cc: number, pts: number) =>
      packet({ pid: 0x100, cc, unitStart: true, payload: pesHeader(0xe0, pts) });
    const noPts = new Uint8Array([0, 0, 1, 0xe0, 0, 0, 0x80, 0x00, 0x00]);
    const badMarker = pesHeader(0xe0, 4000);
    badMarker[13]! &= 0xfe;
    const stream = concatBytes([
      psi,
      good(0, 1000),
      packet({
        pid: 0x100,
        cc: 1,
        unitStart: true,
        payload: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      }),
      packet({ pid: 0x100, cc: 2, payload: new Uint8Array(50) }),
      packet({ pid: 0x100, cc: 3, unitStart: true, payload: noPts }),
      packet({ pid: 0x100, cc: 4, unitStart: true, payload: badMarker }),
      good(5, 5000),
    ]);
    const { units, demuxer, packets } = demux(stream);
    assert.equal(demuxer.stats.pesErrors, 3);
    assert.deepEqual(
      units.map((u) => u.pts),
      [1000, 5000],
    );
    assert.deepEqual(packets, stream);
  });

  it('announces a changed PMT and follows the new stream list', () => {
    const first = concatBytes([
      psi,
      packet({ pid: 0x100, cc: 0, unitStart: true, payload: pesHeader(0xe0, 1000) }),
    ]);
    const second = concatBytes([
      psiPackets([{ pid: 0x102, streamType: 0x1b }], 0x102),
      packet({ pid: 0x100, cc: 1, unitStart: true, payload: pesHeader(0xe0, 2000) }),
      packet({ pid: 0x102, cc: 0, unitStart: true, payload: pesHeader(0xe0, 3000) }),
    ]);
    const { events } = demux(concatBytes([first, psi, second]));
    const programs = events.flatMap((e) => (e.type === 'program' ? [e.program] : []));
    assert.deepEqual(
      programs.map((p) => p.streams.map((s) => s.pid)),
      [[0x100], [0x102]],
    );
    // The stream that left ends its last unit where the new PMT arrives.
    assert.deepEqual(
      unitsOf(events).map((u) => [u.pid, u.pts, u.endedBy]),
      [
        [0x100, 1000, 'flush'],
        [0x102, 3000, 'flush'],
      ],
    );
    const order = events.map((e) => e.type).filter((t) => t !== 'packets');
    assert.deepEqual(order, ['program', 'access-unit', 'program', 'access-unit']);
  });
});

describe('TsDemuxer never throws', () => {
  it('on random bytes of any length, in any chunking', () => {
    const random = seeded(7);
    for (let round = 0; round < 40; round++) {
      const bytes = new Uint8Array(Math.floor(random() * 5000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.05 ? 0x47 : Math.floor(random() * 256);
      const { packets } = demux(bytes, randomSizes(random, 20));
      assertWholePackets(packets);
    }
  });

  it('on truncated and bit-flipped real captures', () => {
    const random = seeded(11);
    const names = ['h264-aac.mpegts', 'h264-bframes.mpegts', 'pts-wrap.mpegts', 'h264-pes-length.mpegts'];
    for (let round = 0; round < 40; round++) {
      const source = fixture(names[round % names.length]!);
      const start = Math.floor(random() * source.length);
      const bytes = source.slice(start, start + Math.floor(random() * 60000));
      for (let flips = Math.floor(random() * 200); flips > 0; flips--) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const demuxer = new TsDemuxer();
      const { packets } = demux(bytes, randomSizes(random, 50), demuxer);
      assertWholePackets(packets);
      assert.ok(
        packets.length + demuxer.stats.resyncBytes === bytes.length,
        'every byte is passed or counted',
      );
    }
  });
});
