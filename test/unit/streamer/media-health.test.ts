import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseMedia, type MediaFacts } from '../../../streamer/media-health.js';
import { TsDemuxer } from '../../../streamer/mpegts/ts-demuxer.js';
import { Packager } from '../../../streamer/packager/packager.js';

const facts = (
  over: Partial<MediaFacts> & { frames?: number; dropped?: number; packets?: number },
): MediaFacts => {
  const demux = { ...new TsDemuxer().stats, packets: over.packets ?? 0 };
  const packager = { ...new Packager({ segmentTarget: 1, partTarget: 0.1, captureTime: (p) => p }).stats };
  packager.frames = over.frames ?? 0;
  packager.droppedFrames = over.dropped ?? 0;
  return {
    elapsedMs: 6000,
    bytesIn: 0,
    program: false,
    refusal: null,
    published: false,
    ...over,
    demux,
    packager,
  };
};

describe('diagnoseMedia', () => {
  const table: [string, Parameters<typeof facts>[0], string, RegExp | null][] = [
    ['publishing', { published: true }, 'ok', null],
    ['within the grace period', { elapsedMs: 100 }, 'starting', null],
    [
      'refused, even before the grace period ends',
      { elapsedMs: 100, refusal: 'MPEG-2 video ...' },
      'refused',
      /MPEG-2/,
    ],
    ['no byte', {}, 'no-media', /^nothing was read from the input$/],
    ['garbage', { bytesIn: 200_000 }, 'no-media', /^no MPEG-TS in 200 kB read: no 0x47 sync byte/],
    [
      'a few chance packets in other bytes (an MP4: 6 packets in 274 kB)',
      { bytesIn: 274_124, packets: 6 },
      'no-media',
      /^no MPEG-TS in 274 kB read: no 0x47 sync byte every 188 bytes/,
    ],
    ['packets, no PAT/PMT', { bytesIn: 1000, packets: 5 }, 'no-media', /5 TS packets but no PAT\/PMT/],
    [
      'a program, no frame',
      { bytesIn: 1000, packets: 5, program: true },
      'no-media',
      /no video or audio frames/,
    ],
    [
      'frames, no keyframe',
      { bytesIn: 1000, packets: 5, program: true, frames: 40, dropped: 40 },
      'no-media',
      /40 frames but no keyframe/,
    ],
  ];
  for (const [what, given, state, reason] of table) {
    it(what, () => {
      const health = diagnoseMedia(facts(given));
      assert.equal(health.state, state);
      if (reason === null) assert.equal(health.reason, null);
      else assert.match(health.reason ?? '', reason);
    });
  }
});
