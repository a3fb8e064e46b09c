import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import type { DemuxEvent } from '../../../../streamer/mpegts/types.js';
import { demux, fixture, randomSizes, seeded } from './helpers.js';

/**
 * The packager cuts the packet stream right after an `access-unit` event. For that to be safe,
 * the unit's packets must all precede the cut and the next unit's first packet must follow it.
 * Checked against an independent walk of the passed-through bytes: per PID, the offset of every
 * PUSI packet (unit i starts at start[i]) and of every packet (unit i ends at the last packet of
 * the PID before start[i + 1]).
 */
function checkCuts(events: readonly DemuxEvent[], mode: 'length' | 'stuffing' | 'next-unit'): number {
  const starts = new Map<number, number[]>();
  const packetsOf = new Map<number, number[]>();
  const cuts = new Map<number, { cut: number; endedBy: string }[]>();
  let offset = 0;
  for (const event of events) {
    if (event.type === 'packets') {
      for (let at = 0; at < event.data.length; at += 188, offset += 188) {
        const pid = ((event.data[at + 1]! & 0x1f) << 8) | event.data[at + 2]!;
        if ((event.data[at + 3]! & 0x10) === 0) continue;
        if (!packetsOf.has(pid)) packetsOf.set(pid, []);
        packetsOf.get(pid)!.push(offset);
        if ((event.data[at + 1]! & 0x40) !== 0) {
          if (!starts.has(pid)) starts.set(pid, []);
          starts.get(pid)!.push(offset);
        }
      }
    } else if (event.type === 'access-unit') {
      const list = cuts.get(event.unit.pid) ?? [];
      list.push({ cut: offset, endedBy: event.unit.endedBy });
      cuts.set(event.unit.pid, list);
    }
  }
  let checked = 0;
  for (const [pid, list] of cuts) {
    const unitStarts = starts.get(pid)!;
    const packets = packetsOf.get(pid)!;
    assert.equal(list.length, unitStarts.length, `PID ${pid}: one unit per PES start`);
    list.forEach(({ cut, endedBy }, i) => {
      const next = unitStarts[i + 1] ?? Number.POSITIVE_INFINITY;
      const lastPacket = packets.filter((p) => p >= unitStarts[i]! && p < next).at(-1)!;
      assert.ok(lastPacket + 188 <= cut, `PID ${pid} unit ${i}: its last packet is after the cut`);
      assert.ok(next >= cut, `PID ${pid} unit ${i}: the next unit starts before the cut`);
      if (endedBy === 'flush') return;
      // And the event comes as early as the stream allows: right after the last packet when the
      // length is known or the packet was padded, right before the next unit's first packet
      // otherwise (a last packet the frame filled exactly has no padding to tell).
      if (endedBy === 'length' || endedBy === 'stuffing') assert.equal(cut, lastPacket + 188);
      else assert.equal(cut, next);
      if (pid === 0x100 && mode !== 'stuffing') assert.equal(endedBy, mode);
      if (pid === 0x100 && endedBy === mode) checked++;
    });
  }
  return checked;
}

describe('TsDemuxer cut points (the access-unit ordering guarantee)', () => {
  // Video units of 2 s at 30 fps: 60, the last one ended by flush. Without PES lengths, FFmpeg
  // padded the last packet of all but one PES (the frame that filled it exactly).
  for (const [name, mode, least, stuffingEnds] of [
    ['h264-pes-length.mpegts', 'length', 59, true],
    ['h264-no-pes-length.mpegts', 'stuffing', 58, true],
    ['h264-aac.mpegts', 'stuffing', 58, true],
    ['h264-bframes.mpegts', 'stuffing', 58, true],
    ['h265.mpegts', 'stuffing', 58, true],
    ['h264-no-pes-length.mpegts', 'next-unit', 59, false],
    ['h264-bframes.mpegts', 'next-unit', 59, false],
  ] as const) {
    const label = `${name}${stuffingEnds ? '' : ', padding ignored'}`;
    it(`${label}: every unit lies wholly on one side of the cut after its event (${mode})`, () => {
      const demuxer = new TsDemuxer({ stuffingEnds });
      assert.ok(checkCuts(demux(fixture(name), undefined, demuxer).events, mode) >= least);
      assert.equal(demuxer.stats.stuffingMisses, 0);
    });

    it(`${label}: the guarantee holds with random chunk sizes too`, () => {
      const random = seeded(42);
      const demuxer = new TsDemuxer({ stuffingEnds });
      assert.ok(checkCuts(demux(fixture(name), randomSizes(random, 200), demuxer).events, mode) >= least);
    });
  }
});
