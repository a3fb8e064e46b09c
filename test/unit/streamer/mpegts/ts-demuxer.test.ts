import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatBytes } from '../../../../src/bytes.js';
import { TIMESTAMP_WRAP } from '../../../../streamer/mpegts/timestamp.js';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { AccessUnit, ProgramInfo } from '../../../../streamer/mpegts/types.js';
import {
  byPid,
  demux,
  fixture,
  packet,
  pesHeader,
  psiPackets,
  randomSizes,
  seeded,
  truth,
} from './helpers.js';

const VIDEO = 0x100;
const AUDIO = 0x101;

/** The units of one PID as [pts, dts, keyframe] rows, shifted, to compare with ffprobe's. */
function rows(units: readonly AccessUnit[], shift = 0): [number, number, number][] {
  return units.map((u) => [u.pts + shift, u.dts + shift, u.keyframe ? 1 : 0]);
}

function assertMatchesProbe(name: string, units: readonly AccessUnit[], shift = 0): void {
  const probe = truth(name);
  assert.ok(probe.streams.length > 0);
  for (const stream of probe.streams) {
    const mine = byPid(units, stream.pid);
    assert.equal(mine.length, stream.units.length, `${name} PID ${stream.pid}: unit count`);
    assert.deepEqual(rows(mine, shift), stream.units, `${name} PID ${stream.pid}: pts, dts, keyframe`);
  }
}

describe('TsDemuxer on FFmpeg captures, compared to ffprobe', () => {
  for (const name of [
    'h264-pes-length.mpegts',
    'h264-no-pes-length.mpegts',
    'h264-aac.mpegts',
    'h264-bframes.mpegts',
    'h265.mpegts',
  ]) {
    it(`${name}: access units match ffprobe (count, pts, dts, keyframe)`, () => {
      const { units, demuxer } = demux(fixture(name));
      assertMatchesProbe(name, units);
      assert.equal(demuxer.stats.pesErrors, 0);
      assert.equal(demuxer.stats.continuityErrors, 0);
      assert.equal(demuxer.stats.resyncs, 0);
    });
  }

  it('ends video units by PES length when FFmpeg writes it, by the padded last packet when it does not', () => {
    const withLength = byPid(demux(fixture('h264-pes-length.mpegts')).units, VIDEO);
    assert.ok(withLength.every((u) => u.endedBy === 'length'));
    const { units, demuxer } = demux(fixture('h264-no-pes-length.mpegts'));
    const without = byPid(units, VIDEO);
    const by = (how: string) => without.filter((u) => u.endedBy === how).length;
    // 59 of the 60 PES end in a padded packet; one filled its last packet exactly, and only the
    // next unit's start ends it.
    assert.deepEqual([by('stuffing'), by('next-unit'), without.length], [59, 1, 60]);
    assert.equal(demuxer.stats.pesWithoutLength, 60);
    assert.equal(
      demuxer.stats.pesLengthLeftOut,
      60,
      'every frame under 64 KiB: the muxer left its length out',
    );
    assert.equal(demuxer.stats.stuffingEnds, 59);
    assert.equal(demuxer.stats.stuffingMisses, 0);
    const withLengths = demux(fixture('h264-pes-length.mpegts')).demuxer.stats;
    assert.deepEqual([withLengths.pesWithoutLength, withLengths.pesLengthLeftOut], [0, 0]);
  });

  it('a PES over 64 KiB has no length from any muxer: counted without length, not as left out', () => {
    const psi = psiPackets([{ pid: 0x100, streamType: 0x1b }]);
    let cc = 0;
    /** A PES without length of `full` whole packets after its header's, ended by a padded one. */
    const pes = (pts: number, full: number): Uint8Array[] => {
      const header = pesHeader(0xe0, pts);
      const first = new Uint8Array(184).fill(0xaa);
      first.set(header);
      return [
        packet({ pid: 0x100, cc: cc++, unitStart: true, payload: first }),
        ...Array.from({ length: full }, () =>
          packet({ pid: 0x100, cc: cc++, payload: new Uint8Array(184).fill(0xaa) }),
        ),
        packet({ pid: 0x100, cc: cc++, payload: new Uint8Array(40).fill(0xaa) }),
      ];
    };
    // 0xffff bytes after the length field is the most a PES_packet_length can say: 357 packets of
    // 184 bytes hold more.
    const { units, demuxer } = demux(concatBytes([psi, ...pes(3000, 2), ...pes(6000, 360), ...pes(9000, 2)]));
    assert.deepEqual(
      byPid(units, VIDEO).map((u) => [u.endedBy, u.byteLength > 0xffff + 6]),
      [
        ['stuffing', false],
        ['stuffing', true],
        ['stuffing', false],
      ],
    );
    assert.equal(demuxer.stats.pesWithoutLength, 3);
    assert.equal(demuxer.stats.pesLengthLeftOut, 2);
  });

  it('with padding ignored ({stuffingEnds: false}) a unit without length ends when the next starts', () => {
    const without = byPid(
      demux(fixture('h264-no-pes-length.mpegts'), undefined, new TsDemuxer({ stuffingEnds: false })).units,
      VIDEO,
    );
    assert.ok(without.slice(0, -1).every((u) => u.endedBy === 'next-unit'));
    // Nothing follows the last frame: only flush() can end it.
    assert.equal(without.at(-1)?.endedBy, 'flush');
  });

  it('stops trusting padding on a PID where payload followed a padded packet', () => {
    const psi = psiPackets([{ pid: 0x100, streamType: 0x1b }]);
    const es = (cc: number, size: number) =>
      packet({ pid: 0x100, cc, payload: new Uint8Array(size).fill(0xaa) });
    const stream = concatBytes([
      psi,
      packet({ pid: 0x100, cc: 0, unitStart: true, payload: pesHeader(0xe0, 3000) }),
      es(1, 100), // padded, but the PES goes on: a muxer that pads mid-PES
      es(2, 184),
      packet({ pid: 0x100, cc: 3, unitStart: true, payload: pesHeader(0xe0, 6000) }),
      es(4, 50),
      packet({ pid: 0x100, cc: 5, unitStart: true, payload: pesHeader(0xe0, 9000) }),
    ]);
    const { units, demuxer } = demux(stream);
    assert.equal(demuxer.stats.stuffingMisses, 1);
    assert.deepEqual(
      units.map((u) => u.endedBy),
      ['stuffing', 'next-unit', 'flush'],
    );
  });

  it('ends every AAC unit by its PES length and marks it a keyframe', () => {
    const audio = byPid(demux(fixture('h264-aac.mpegts')).units, AUDIO);
    assert.ok(audio.length > 0);
    assert.ok(audio.every((u) => u.endedBy === 'length' && u.keyframe && u.codec === 'aac'));
  });

  it('reports PES byte lengths that add up to the PID payload', () => {
    const { units } = demux(fixture('h264-pes-length.mpegts'));
    // With a known length every unit is exactly PES_packet_length + 6 bytes.
    assert.ok(units.every((u) => u.byteLength > 6));
    const total = units.reduce((sum, u) => sum + u.byteLength, 0);
    const bytes = fixture('h264-pes-length.mpegts');
    let payload = 0;
    for (let at = 0; at < bytes.length; at += 188) {
      const pid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
      if (pid !== VIDEO || (bytes[at + 3]! & 0x10) === 0) continue;
      payload += (bytes[at + 3]! & 0x20) !== 0 ? 183 - bytes[at + 4]! : 184;
    }
    assert.equal(total, payload);
  });

  it('h264-bframes.ts: DTS differs from PTS and B-frame reordering is not taken for a wrap', () => {
    const video = byPid(demux(fixture('h264-bframes.mpegts')).units, VIDEO);
    assert.ok(video.some((u) => u.pts !== u.dts));
    assert.ok(
      video.some((u, i) => i > 0 && u.pts < video[i - 1]!.pts),
      'PTS goes backwards somewhere',
    );
    assert.ok(video.every((u) => u.pts < TIMESTAMP_WRAP && u.dts < TIMESTAMP_WRAP && u.pts >= u.dts));
  });

  it('pts-wrap.ts: undoes the 33-bit wrap so timestamps keep increasing (ffprobe + 2^33)', () => {
    const { units } = demux(fixture('pts-wrap.mpegts'));
    assertMatchesProbe('pts-wrap.mpegts', units, -TIMESTAMP_WRAP);
    for (const pid of [VIDEO, AUDIO]) {
      const mine = byPid(units, pid);
      assert.ok(mine[0]!.dts < TIMESTAMP_WRAP, 'starts before the wrap');
      assert.ok(mine.at(-1)!.dts > TIMESTAMP_WRAP, 'ends after it');
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.dts > mine[i - 1]!.dts);
    }
  });

  it('emits one program with both streams and a PSI copy made of whole PAT and PMT packets', () => {
    const { events } = demux(fixture('h264-aac.mpegts'));
    const programs = events.flatMap((e) => (e.type === 'program' ? [e.program] : []));
    assert.equal(programs.length, 1);
    const program = programs[0] as ProgramInfo;
    assert.deepEqual(
      program.streams.map((s) => [s.pid, s.streamType, s.codec]),
      [
        [VIDEO, 0x1b, 'h264'],
        [AUDIO, 0x0f, 'aac'],
      ],
    );
    assert.equal(program.pmtPid, 0x1000);
    assert.equal(program.pcrPid, VIDEO);
    assert.equal(program.psi.length, 2 * 188);
    assert.equal(program.psi[0], 0x47);
    assert.equal(((program.psi[1]! & 0x1f) << 8) | program.psi[2]!, 0);
    assert.equal(((program.psi[189]! & 0x1f) << 8) | program.psi[190]!, 0x1000);
    // The program is announced before any unit.
    assert.equal(
      events.findIndex((e) => e.type === 'program') < events.findIndex((e) => e.type === 'access-unit'),
      true,
    );
  });
});

describe('TsDemuxer chunking and pass-through', () => {
  for (const name of ['h264-aac.mpegts', 'h264-no-pes-length.mpegts', 'h264-pes-length.mpegts']) {
    it(`${name}: random chunk sizes give the same units and program`, () => {
      const whole = demux(fixture(name));
      const random = seeded(name.length * 7919);
      for (let round = 0; round < 5; round++) {
        const chunked = demux(fixture(name), randomSizes(random, 300));
        // Arrival differs by design (it is the time of the completing push).
        const strip = (units: AccessUnit[]) => units.map(({ arrival: _, ...u }) => u);
        assert.deepEqual(strip(chunked.units), strip(whole.units));
        assert.deepEqual(
          chunked.events.filter((e) => e.type === 'program'),
          whole.events.filter((e) => e.type === 'program'),
        );
        assert.deepEqual(chunked.packets, fixture(name));
      }
    });
  }

  it('one byte at a time gives the same units and passes every byte through', () => {
    const bytes = fixture('h264-aac.mpegts').subarray(0, 188 * 120);
    const whole = demux(bytes);
    const bytewise = demux(bytes, [1]);
    assert.deepEqual(
      bytewise.units.map((u) => [u.pid, u.pts, u.dts, u.keyframe, u.byteLength, u.endedBy]),
      whole.units.map((u) => [u.pid, u.pts, u.dts, u.keyframe, u.byteLength, u.endedBy]),
    );
    assert.deepEqual(bytewise.packets, bytes);
  });

  it('coalesces consecutive packets into one packets event', () => {
    const { events } = demux(fixture('h264-pes-length.mpegts'));
    const runs = events.filter((e) => e.type === 'packets');
    const units = events.filter((e) => e.type === 'access-unit');
    // One run per cut at most (plus the start): never one event per packet.
    assert.ok(runs.length <= units.length + 2, `${runs.length} runs for ${units.length} units`);
    assert.ok(runs.every((e) => e.type === 'packets' && e.data.length % 188 === 0));
  });

  it('gives each unit the arrival time of the push that completed it', () => {
    const bytes = fixture('h264-no-pes-length.mpegts');
    const demuxer = new TsDemuxer({ stuffingEnds: false });
    const cut = 188 * 200;
    const first = demuxer.push(bytes.subarray(0, cut), 1000);
    const second = demuxer.push(bytes.subarray(cut), 2000);
    const last = demuxer.flush(3000);
    const arrivals = (events: typeof first) =>
      new Set(events.flatMap((e) => (e.type === 'access-unit' ? [e.unit.arrival] : [])));
    assert.deepEqual(arrivals(first), new Set([1000]));
    assert.deepEqual(arrivals(second), new Set([2000]));
    assert.deepEqual(arrivals(last), new Set([3000]));
  });
});

describe('TsDemuxer flush, reset and probe', () => {
  it('flush ends the pending unit of every PID and only those', () => {
    const bytes = fixture('h264-no-pes-length.mpegts');
    const demuxer = new TsDemuxer({ stuffingEnds: false });
    const pushed = demuxer.push(bytes, 1).filter((e) => e.type === 'access-unit');
    const flushed = demuxer.flush(2);
    assert.equal(pushed.length, 59);
    assert.equal(flushed.length, 1);
    assert.equal(flushed[0]!.type === 'access-unit' && flushed[0]!.unit.endedBy, 'flush');
    assert.deepEqual(demuxer.flush(3), []);
  });

  it('flush drops an incomplete trailing packet and counts its bytes', () => {
    const bytes = fixture('h264-pes-length.mpegts').subarray(0, 188 * 10 + 50);
    const { demuxer, packets } = demux(bytes);
    assert.equal(packets.length, 188 * 10);
    assert.equal(demuxer.stats.resyncBytes, 50);
  });

  it('reset forgets the program and the timestamp history (FFmpeg restart)', () => {
    const demuxer = new TsDemuxer();
    demux(fixture('pts-wrap.mpegts'), undefined, demuxer);
    demuxer.reset();
    const { events, units } = demux(fixture('h264-aac.mpegts'), undefined, demuxer);
    assert.equal(events.filter((e) => e.type === 'program').length, 1);
    // Without reset the new small timestamps would be unwrapped next to the old ones (> 2^33).
    assertMatchesProbe('h264-aac.mpegts', units);
  });
});
