import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TsDemuxer } from '../../../streamer/mpegts/ts-demuxer.js';
import { type DemuxEvent, StreamCodec } from '../../../streamer/mpegts/types.js';
import { Container } from '../../../streamer/packager/container.js';
import { Packager } from '../../../streamer/packager/packager.js';
import { renderPlaylist } from '../../../streamer/packager/playlist.js';
import { readMp4 } from '../../helpers/mp4-reader.js';
import { demux, fixture } from '../../unit/streamer/mpegts/helpers.js';
import { pushEvents } from '../../unit/streamer/packager/real-ts-helpers.js';

// RFC 8216bis 4.4.4.5 EXT-X-MAP, with 3.1.2 (an fMP4 segment needs its Media Initialization
// Section, named by EXT-X-MAP) and 4.4.4.3 (EXT-X-DISCONTINUITY where encoding parameters change),
// on every playlist version, full and delta, of an fMP4 stream whose encoder restarts four times,
// twice with other parameter sets (a new init segment each time), in a window that slides.

interface Version {
  text: string;
  delta: string;
}

function fmp4Stream(): { packager: Packager; versions: Version[] } {
  const packager = new Packager({
    container: Container.Fmp4,
    segmentTarget: 1,
    partTarget: 0.1,
    windowSegments: 10,
    captureTime: (pts) => 1_700_000_000_000 + pts / 90,
  });
  const versions: Version[] = [];
  packager.window.on('update', () => {
    const text = renderPlaylist(packager.window);
    if (text !== null) versions.push({ text, delta: renderPlaylist(packager.window, { skip: true })! });
  });
  let now = 1_700_000_000_000;
  const feed = (name: string, shift = 0): void => {
    const payloads = [StreamCodec.H264, StreamCodec.AAC];
    const { events } = demux(fixture(`${name}.mpegts`), [1316], new TsDemuxer({ payloads }));
    now = pushEvents(
      events.map((e) => shifted(e, shift)),
      packager,
      now,
      10,
    );
  };
  // 8 s on one timeline (the capture four times, its timestamps continued), so delta updates skip;
  // then a restart with other parameter sets, a restart back, and one with audio.
  for (let k = 0; k < 4; k++) feed('h264-pes-length', k * 2 * 90_000);
  for (const name of ['ffmpeg-defaults', 'h264-pes-length', 'h264-aac']) feed(name);
  packager.flush(now + 1);
  return { packager, versions };
}

/** The event with its timestamps moved `ticks` later (a capture continued rather than restarted). */
function shifted(event: DemuxEvent, ticks: number): DemuxEvent {
  if (ticks === 0 || event.type !== 'access-unit') return event;
  return { ...event, unit: { ...event.unit, pts: event.unit.pts + ticks, dts: event.unit.dts + ticks } };
}

/** Which EXT-X-MAP applies to each listed segment or part (by msn), walking the text in order. */
function applicable(text: string): {
  maps: Map<number, string | null>;
  first: string | null;
  trailing: string | null;
} {
  const lines = text.split('\n');
  const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]);
  const skipped = Number(/#EXT-X-SKIP:SKIPPED-SEGMENTS=(\d+)/.exec(text)?.[1] ?? 0);
  let msn = sequence + skipped;
  let map: string | null = null;
  let first: string | null | undefined;
  const maps = new Map<number, string | null>();
  for (const line of lines) {
    const tag = /^#EXT-X-MAP:URI="([^"]+)"/.exec(line);
    if (tag !== null) map = tag[1]!;
    else if (line.startsWith('#EXT-X-PART:') || (line !== '' && !line.startsWith('#'))) {
      if (first === undefined) first = map;
      maps.set(msn, map);
      if (!line.startsWith('#')) msn += 1;
    }
  }
  return { maps, first: first ?? null, trailing: map };
}

describe('4.4.4.5 EXT-X-MAP (fMP4)', () => {
  const { packager, versions } = fmp4Stream();

  it('the stream has what the rules are about: slides, discontinuities, new init segments, delta updates', () => {
    assert.ok(packager.window.mediaSequence >= 3, `media sequence ${packager.window.mediaSequence}`);
    assert.ok(packager.stats.discontinuities >= 3, JSON.stringify(packager.stats));
    assert.ok(
      versions.some((v) => v.delta.includes('#EXT-X-SKIP')),
      'a delta update skipped segments',
    );
    assert.ok(new Set(packager.window.segments.map((s) => s.map)).size >= 2);
  });

  it('3.1.2: every fMP4 segment and part listed has its Media Initialization Section: an EXT-X-MAP before the first, in full and delta playlists', () => {
    for (const { text, delta } of versions) {
      for (const body of [text, delta]) {
        const { first, maps } = applicable(body);
        assert.notEqual(first, null, body);
        for (const [msn, map] of maps) assert.notEqual(map, null, `msn ${msn}`);
      }
    }
  });

  it('"It applies to every Media Segment that appears after it in the Playlist until the next EXT-X-MAP tag": a segment\'s init never changes between versions, and its parts read with it', () => {
    const seen = new Map<number, string>();
    for (const { text, delta } of versions) {
      for (const body of [text, delta]) {
        for (const [msn, map] of applicable(body).maps) {
          const before = seen.get(msn);
          if (before !== undefined) assert.equal(map, before, `msn ${msn}`);
          else seen.set(msn, map!);
        }
      }
    }
    for (const segment of packager.window.segments) {
      assert.equal(seen.get(segment.msn), segment.map);
      const init = packager.window.resolve(segment.map!, 0);
      assert.equal(init?.kind, 'init');
      const file = readMp4(
        new Uint8Array([...(init as { bytes: Uint8Array }).bytes, ...segment.parts[0]!.bytes]),
      );
      assert.equal(file.fragments.length, 1, 'the part reads with it');
    }
  });

  it('4.4.4.3: where the init segment changes, the segment after it carries EXT-X-DISCONTINUITY', () => {
    for (const { text } of versions) {
      const lines = text.split('\n');
      const maps = lines.flatMap((line, i) => (line.startsWith('#EXT-X-MAP:') ? [i] : []));
      for (const at of maps.slice(1)) assert.equal(lines[at - 1], '#EXT-X-DISCONTINUITY', text);
    }
  });
});
