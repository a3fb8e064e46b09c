/**
 * A synthetic live stream for the spec tests: 30 fps, 0.1 s parts, 1 s segments, with irregular
 * GOPs (a keyframe off the part grid, a scene-cut keyframe, a stretch without keyframes) and a
 * source restart, and every playlist version the packager produced, rendered as a client would
 * have received it.
 */
import type { Part } from '../../../streamer/packager/media-types.js';
import type { Packager } from '../../../streamer/packager/packager.js';
import { renderPlaylist } from '../../../streamer/packager/playlist.js';
import { type Manifest, parseM3u8 } from '../../unit/streamer/packager/parse-m3u8.js';
import { feed, frames, makePackager, program } from '../../unit/streamer/packager/synthetic-stream.js';

export interface Version {
  text: string;
  manifest: Manifest;
  delta: string;
}

export function spec(): { packager: Packager; versions: Version[]; parts: Part[] } {
  const packager = makePackager({ windowSegments: 8 });
  const versions: Version[] = [];
  const parts: Part[] = [];
  packager.window.on('part', ({ part }) => parts.push(part));
  packager.window.on('update', () => {
    const text = renderPlaylist(packager.window);
    if (text === null) return;
    versions.push({
      text,
      manifest: parseM3u8(text),
      delta: renderPlaylist(packager.window, { skip: true })!,
    });
  });
  feed(packager, frames(300)); // regular: GOP 30
  const odd = frames(200, { startFrame: 300, gop: 32 }); // keyframes off the part grid
  odd[50]!.events = odd[50]!.events.map((e) =>
    e.type === 'access-unit' ? { ...e, unit: { ...e.unit, keyframe: true } } : e,
  );
  feed(packager, odd, false);
  feed(packager, frames(100, { startFrame: 501, gop: 1000 }), false); // frame 500 dropped, no keyframe
  packager.discontinuity(1_800_000_000_000);
  packager.push([{ type: 'program', program: program() }], 1_800_000_000_000);
  feed(packager, frames(400, { startFrame: 9000 }), false);
  return { packager, versions, parts };
}
