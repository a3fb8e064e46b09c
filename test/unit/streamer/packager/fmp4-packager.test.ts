import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { type DemuxEvent, StreamCodec } from '../../../../streamer/mpegts/types.js';
import { Container } from '../../../../streamer/packager/container.js';
import type { Part, Segment } from '../../../../streamer/packager/media-types.js';
import { Packager } from '../../../../streamer/packager/packager.js';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { ffmpegDecode, ffprobePackets, join, type Mp4Run, readMp4 } from '../../../helpers/mp4-reader.js';
import { playlistBreaches } from '../../../helpers/playlist-rules.js';
import { demux, fixture } from '../mpegts/helpers.js';
import { pushEvents } from './real-ts-helpers.js';

const PAYLOADS = [StreamCodec.H264, StreamCodec.HEVC, StreamCodec.AAC];

/** Demuxer events of a capture with every payload, as the streamer demuxes for fMP4. */
const eventsOf = (name: string, sizes = [1316]): DemuxEvent[] =>
  demux(fixture(name), sizes, new TsDemuxer({ payloads: PAYLOADS })).events;

/** Events into an fMP4 packager, in groups of 20 1 ms apart, then flushed (the input ended). */
function packageEvents(events: readonly DemuxEvent[], parts = true): Packager {
  const packager = new Packager({
    container: Container.Fmp4,
    parts,
    segmentTarget: 1,
    partTarget: 0.1,
    windowSegments: 20,
    captureTime: (pts) => 1_700_000_000_000 + pts / 90,
  });
  packager.flush(pushEvents(events, packager) + 1);
  return packager;
}

interface Checked {
  packager: Packager;
  segments: Segment[];
  parts: Part[];
  init: (segment: Segment) => Uint8Array;
  /** Each part's fragment as mp4box.js reads it (with its init segment before it). */
  runs: Array<{ video: Mp4Run | undefined; audio: Mp4Run | undefined; sequence: number }>;
}

function check(packager: Packager): Checked {
  const window = packager.window;
  const segments = window.segments;
  const init = (segment: Segment): Uint8Array => {
    const resolved = window.resolve(segment.map!, 0);
    assert.equal(resolved?.kind, 'init');
    return (resolved as { bytes: Uint8Array }).bytes;
  };
  const parts = segments.flatMap((s) => s.parts);
  const runs = segments.flatMap((segment) =>
    segment.parts.map((part) => {
      const file = readMp4(join(init(segment), part.bytes));
      assert.equal(file.fragments.length, 1, `${part.uri}: one moof + mdat`);
      const fragment = file.fragments[0]!;
      const audioId = file.tracks.find((t) => t.type === 'audio')?.id;
      return {
        video: fragment.runs.find((r) => r.trackId === 1 && file.tracks[0]?.type === 'video'),
        audio: fragment.runs.find((r) => r.trackId === audioId),
        sequence: fragment.sequence,
      };
    }),
  );
  return { packager, segments, parts, init, runs };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('fMP4 parts from real captures (serve --container fmp4)', () => {
  for (const name of ['h264-pes-length.mpegts', 'h264-aac.mpegts', 'ffmpeg-defaults.mpegts', 'h265.mpegts']) {
    it(`${name}: every part one moof+mdat, tfdt continuous, its frames its samples, INDEPENDENT iff a sync sample first`, () => {
      const { packager, parts, runs, segments } = check(packageEvents(eventsOf(name)));
      const frameTicks = packager.advertised!.frameTicks;
      assert.ok(parts.length >= 15);
      assert.ok(segments.every((s) => s.map === 'init0.mp4'));
      runs.forEach((run, i) => {
        const part = parts[i]!;
        const video = run.video!;
        assert.equal(video.durations.length, part.frameCaptures.length, part.uri);
        assert.equal(video.flags[0] === 0x02000000, part.independent, `${part.uri}: first sample sync`);
        assert.ok(video.flags.slice(1).every((f) => f === 0x01010000 || f === 0x02000000));
        // The last frame lasts the frame interval the packager knows (its successor had not arrived).
        assert.equal(video.durations.at(-1), frameTicks, part.uri);
        if (i > 0) {
          const before = runs[i - 1]!.video!;
          assert.equal(
            video.baseMediaDecodeTime,
            before.baseMediaDecodeTime + sum(before.durations),
            part.uri,
          );
          assert.equal(run.sequence, runs[i - 1]!.sequence + 1);
        }
      });
      for (const text of [renderPlaylist(packager.window)!]) {
        assert.deepEqual(playlistBreaches(text), []);
        assert.match(
          text,
          /#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-MAP:URI="init0\.mp4"\n/,
        );
        assert.equal(text.match(/#EXT-X-MAP/g)?.length, 1);
        assert.match(text, /URI="part0\.m4s",INDEPENDENT=YES/);
        assert.match(text, /\nseg0\.m4s\n/);
      }
    });

    it(`${name}: FFmpeg reads every part with the init before it, and decodes every segment and independent part alone`, async () => {
      const { packager, segments, init } = check(packageEvents(eventsOf(name)));
      for (const segment of segments) {
        const bytes = packager.window.segmentBytes(segment);
        assert.deepEqual(bytes, join(...segment.parts.map((p) => p.bytes)), 'a segment is its parts');
        const frames = sum(segment.parts.map((p) => p.frameCaptures.length));
        const decoded = await ffmpegDecode(join(init(segment), bytes));
        assert.equal(decoded.errors, '', `${segment.uri}: ${decoded.errors}`);
        assert.equal(decoded.videoFrames, frames, segment.uri);
        for (const part of segment.parts) {
          const packets = await ffprobePackets(join(init(segment), part.bytes));
          assert.equal(packets.filter((p) => p.stream === 0).length, part.frameCaptures.length, part.uri);
          if (!part.independent) continue;
          const alone = await ffmpegDecode(join(init(segment), part.bytes));
          assert.equal(alone.errors, '', `${part.uri}: ${alone.errors}`);
          assert.equal(alone.videoFrames, part.frameCaptures.length, part.uri);
        }
      }
    });
  }

  it('h264-bframes: composition offsets from PTS - DTS; FFmpeg reads back the input PTS and DTS', async () => {
    const { runs, segments, init, packager } = check(packageEvents(eventsOf('h264-bframes.mpegts')));
    const offsets = runs.flatMap((r) => r.video!.compositionOffsets);
    assert.ok(
      offsets.some((o) => o > 0),
      'B-frames reorder',
    );
    const units = demux(fixture('h264-bframes.mpegts')).units.filter((u) => u.codec === StreamCodec.H264);
    const packets = await ffprobePackets(
      join(init(segments[0]!), packager.window.segmentBytes(segments[0]!)),
    );
    // The first timeline keeps the input's 90 kHz timestamps (tfdt = DTS, PTS = DTS + offset).
    assert.deepEqual(
      packets.map((p) => [p.pts, p.dts]),
      units.slice(0, packets.length).map((u) => [u.pts, u.dts]),
    );
  });

  it('h264-aac: one AAC track beside the video; its frames contiguous in 1024-sample steps across parts', async () => {
    const events = eventsOf('h264-aac.mpegts');
    const { runs, segments, init, packager } = check(packageEvents(events));
    const audio = runs.map((r) => r.audio).filter((r): r is Mp4Run => r !== undefined);
    assert.ok(audio.length >= runs.length - 2);
    for (let i = 1; i < audio.length; i++) {
      assert.ok(audio[i]!.durations.every((d) => d === 1024));
      assert.equal(
        audio[i]!.baseMediaDecodeTime,
        audio[i - 1]!.baseMediaDecodeTime + sum(audio[i - 1]!.durations),
      );
    }
    // Audio and video start together: the first audio sample within a frame of the first video one.
    const first = runs[0]!;
    const videoStart = first.video!.baseMediaDecodeTime / 90_000;
    assert.ok(Math.abs(first.audio!.baseMediaDecodeTime / 48_000 - videoStart) < 0.1);
    const decoded = await ffmpegDecode(
      join(init(segments[0]!), ...segments.map((s) => packager.window.segmentBytes(s))),
    );
    assert.equal(decoded.errors, '');
    assert.equal(decoded.audioFrames, sum(audio.map((a) => a.durations.length)));
  });

  it('pts-wrap: tfdt goes on past 2^33 ticks where MPEG-TS PTS wrap (the demuxer unwraps them)', () => {
    const { runs } = check(packageEvents(eventsOf('pts-wrap.mpegts')));
    const tfdt = runs.map((r) => r.video!.baseMediaDecodeTime);
    assert.ok(tfdt[0]! < 2 ** 33 && tfdt.at(-1)! > 2 ** 33);
    for (let i = 1; i < runs.length; i++)
      assert.equal(tfdt[i], tfdt[i - 1]! + sum(runs[i - 1]!.video!.durations));
  });

  it('restart-into-pipe: the backward jump gets EXT-X-DISCONTINUITY, tfdt continues where the first timeline ended, the same init', async () => {
    const { packager, runs, parts, segments, init } = check(
      packageEvents(eventsOf('restart-into-pipe.mpegts')),
    );
    assert.equal(packager.stats.backwardJumps, 1);
    const broken = segments.findIndex((s) => s.discontinuity);
    assert.ok(broken > 0);
    for (let i = 1; i < runs.length; i++) {
      const before = runs[i - 1]!.video!;
      assert.equal(
        runs[i]!.video!.baseMediaDecodeTime,
        before.baseMediaDecodeTime + sum(before.durations),
        parts[i]!.uri,
      );
    }
    assert.ok(
      segments.every((s) => s.map === 'init0.mp4'),
      'same encoder settings: same parameter sets',
    );
    const text = renderPlaylist(packager.window)!;
    assert.equal(text.match(/#EXT-X-MAP/g)?.length, 1);
    assert.deepEqual(playlistBreaches(text), []);
    // The whole stream decodes in one go across the discontinuity.
    const all = join(init(segments[0]!), ...segments.map((s) => packager.window.segmentBytes(s)));
    const decoded = await ffmpegDecode(all);
    assert.equal(decoded.errors, '');
    assert.equal(decoded.videoFrames, sum(parts.map((p) => p.frameCaptures.length)));
  });

  it('new parameter sets at a keyframe: EXT-X-DISCONTINUITY, a new init segment named by EXT-X-MAP, tfdt still continuous', () => {
    const events = eventsOf('h264-pes-length.mpegts', [1 << 20]);
    const other = eventsOf('ffmpeg-defaults.mpegts', [1 << 20]).find((e) => e.type === 'parameter-sets')!;
    // The second keyframe (frame 30) arrives with the other encoder's SPS/PPS.
    const keyframes = events.flatMap((e, i) =>
      e.type === 'access-unit' && e.unit.keyframe && e.unit.codec === 'h264' ? [i] : [],
    );
    const at = keyframes[1]!;
    const changed = [...events.slice(0, at), other, ...events.slice(at)];
    const { packager, runs, segments } = check(packageEvents(changed));
    assert.equal(packager.stats.discontinuities, 1);
    assert.equal(packager.stats.backwardJumps + packager.stats.forwardJumps, 0);
    assert.deepEqual(
      segments.map((s) => [s.map, s.discontinuity]),
      [
        ['init0.mp4', false],
        ['init1.mp4', true],
      ],
    );
    const text = renderPlaylist(packager.window)!;
    assert.match(text, /#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="init1\.mp4"\n#EXT-X-PROGRAM-DATE-TIME/);
    const init1 = readMp4(check(packager).init(segments[1]!));
    assert.equal(
      init1.tracks[0]?.codec,
      'avc1.64000d',
      "the new init describes the new SPS (ffmpeg-defaults' High)",
    );
    for (let i = 1; i < runs.length; i++) {
      const before = runs[i - 1]!.video!;
      assert.equal(runs[i]!.video!.baseMediaDecodeTime, before.baseMediaDecodeTime + sum(before.durations));
    }
    // init0 stays downloadable while a segment needs it.
    assert.equal(packager.window.resolve('init0.mp4', 0)?.kind, 'init');
  });

  it('audio only (a program with just AAC): one mp4a track, parts cut on its frames, decodable', async () => {
    const events = eventsOf('h264-aac.mpegts').flatMap((e): DemuxEvent[] => {
      if (e.type === 'program')
        return [
          { ...e, program: { ...e.program, streams: e.program.streams.filter((s) => s.codec === 'aac') } },
        ];
      if (e.type === 'access-unit' && e.unit.codec !== 'aac') return [];
      if (e.type === 'parameter-sets') return [];
      return [e];
    });
    const packager = packageEvents(events);
    const segments = packager.window.segments;
    assert.ok(segments.length >= 1);
    const init = packager.window.resolve(segments[0]!.map!, 0) as { bytes: Uint8Array };
    const file = readMp4(join(init.bytes, ...segments.map((s) => packager.window.segmentBytes(s))));
    assert.deepEqual(
      file.tracks.map((t) => [t.type, t.codec]),
      [['audio', 'mp4a.40.2']],
    );
    const decoded = await ffmpegDecode(
      join(init.bytes, ...segments.map((s) => packager.window.segmentBytes(s))),
    );
    assert.equal(decoded.errors, '');
    assert.ok(decoded.videoFrames > 50, 'stream 0 is the audio here');
  });

  it('--no-parts: a classic playlist with EXT-X-MAP; each segment one moof+mdat, tfdt continuous, decodable alone with its init', async () => {
    const packager = packageEvents(eventsOf('h264-aac.mpegts'), false);
    const window = packager.window;
    const text = renderPlaylist(window)!;
    assert.deepEqual(playlistBreaches(text), []);
    assert.match(text, /#EXT-X-MAP:URI="init0\.mp4"\n/);
    assert.doesNotMatch(text, /EXT-X-PART|EXT-X-PRELOAD-HINT|PART-HOLD-BACK/);
    const segments = window.segments.filter((s) => s.complete);
    assert.ok(segments.length >= 1);
    const init = window.resolve(segments[0]!.map!, 0) as { bytes: Uint8Array };
    assert.deepEqual(
      readMp4(init.bytes).tracks.map((t) => t.type),
      ['video', 'audio'],
    );
    let end: number | null = null;
    for (const segment of segments) {
      const bytes = window.segmentBytes(segment);
      const file = readMp4(join(init.bytes, bytes));
      assert.equal(file.fragments.length, 1, `${segment.uri}: one moof + mdat`);
      const video = file.fragments[0]!.runs.find((r) => r.trackId === 1)!;
      const frames = sum(segment.parts.map((p) => p.frameCaptures.length));
      assert.equal(video.durations.length, frames, segment.uri);
      assert.equal(video.flags[0], 0x02000000, `${segment.uri} starts with a sync sample`);
      if (end !== null) assert.equal(video.baseMediaDecodeTime, end, `${segment.uri}: tfdt continues`);
      end = video.baseMediaDecodeTime + sum(video.durations);
      const decoded = await ffmpegDecode(join(init.bytes, bytes));
      assert.equal(decoded.errors, '', segment.uri);
      assert.equal(decoded.videoFrames, frames, segment.uri);
      assert.ok(decoded.audioFrames > 0, `${segment.uri}: its audio`);
    }
  });

  it('the MPEG-TS container is untouched: same bytes, URIs and playlist as before fMP4 existed (no EXT-X-MAP)', () => {
    const ts = new Packager({ segmentTarget: 1, partTarget: 0.1, captureTime: (pts) => pts / 90 });
    ts.flush(pushEvents(demux(fixture('h264-aac.mpegts'), [1316]).events, ts) + 1);
    const text = renderPlaylist(ts.window)!;
    assert.doesNotMatch(text, /EXT-X-MAP/);
    assert.match(text, /URI="part0\.ts",INDEPENDENT=YES/);
    assert.equal(ts.window.segments[0]!.map, null);
    assert.equal(ts.window.segments[0]!.parts[0]!.bytes[0], 0x47);
  });
});

describe('fMP4 tracks: the init segment is written once every track it needs has shown its configuration', () => {
  /** h264-aac with the first `n` audio units moved to just after video unit `after`. */
  function audioLate(n: number, after: number): DemuxEvent[] {
    const events = eventsOf('h264-aac.mpegts', [1 << 20]);
    const isAudio = (e: DemuxEvent) => e.type === 'access-unit' && e.unit.codec === 'aac';
    const late = events.filter(isAudio).slice(0, n);
    const video = events.flatMap((e, i) => (e.type === 'access-unit' && e.unit.codec === 'h264' ? [i] : []));
    const at = video[after]! + 1;
    const rest = events.filter((e) => !late.includes(e));
    const index = rest.indexOf(events[at - 1]!) + 1;
    return [...rest.slice(0, index), ...late, ...rest.slice(index)];
  }

  it('audio whose first header comes after the first keyframe but within the first part: nothing is dropped, both tracks', () => {
    const packager = packageEvents(audioLate(3, 1));
    assert.equal(packager.stats.droppedFrames, 0);
    assert.equal(packager.stats.discontinuities, 0);
    const { init, runs } = check(packager);
    assert.equal(readMp4(init(packager.window.segments[0]!)).tracks.length, 2);
    assert.ok(runs[0]!.audio !== undefined, 'the first part carries the audio that arrived with it');
  });

  it('audio whose first header comes after the first part: video alone first, then a discontinuity and an init with both', () => {
    const packager = packageEvents(audioLate(12, 5));
    const segments = packager.window.segments;
    const { init } = check(packager);
    assert.deepEqual(
      readMp4(init(segments[0]!)).tracks.map((t) => t.type),
      ['video'],
    );
    assert.deepEqual(
      readMp4(init(segments.at(-1)!)).tracks.map((t) => t.type),
      ['video', 'audio'],
    );
    assert.equal(packager.stats.discontinuities, 1);
    assert.ok(segments.at(-1)!.discontinuity);
    assert.equal(packager.stats.droppedFrames, 0);
  });

  it('a PMT that lists audio which never comes: the stream starts at once, video alone', () => {
    const events = eventsOf('pts-wrap.mpegts', [1 << 20]).filter(
      (e) => !(e.type === 'access-unit' && e.unit.codec === 'aac'),
    );
    const packager = packageEvents(events);
    assert.equal(packager.stats.droppedFrames, 0);
    assert.deepEqual(
      readMp4(check(packager).init(packager.window.segments[0]!)).tracks.map((t) => t.type),
      ['video'],
    );
  });
});
