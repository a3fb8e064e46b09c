import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { ffmpegTestArgs } from '../../../helpers/ffmpeg-command.js';
import { playlistBreaches } from '../../../helpers/playlist-rules.js';
import { packageBytes } from './real-ts-helpers.js';

/** 4 s of FFmpeg's MPEG-TS with B-frames and open GOPs: keyframes every 30 frames that are not
 *  IDRs (x264's open-gop=1: I-frames with a recovery point; x265's default: CRAs), each followed
 *  in decode order by a leading picture shown before it. */
function openGop(codec: 'libx264' | 'libx265'): Buffer {
  return execFileSync(
    'ffmpeg',
    ffmpegTestArgs({
      width: 320,
      height: 180,
      frames: 120,
      codec,
      tune: null,
      gop: 30,
      encoder: codec === 'libx264' ? ['-bf', '3', '-x264-params', 'open-gop=1:scenecut=0'] : [],
    }),
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

describe('open GOPs from FFmpeg through the demuxer and the packager', () => {
  for (const codec of ['libx264', 'libx265'] as const) {
    it(`${codec}: every segment starts on its keyframe, 1 s each (the first GOP is short in decode order)`, () => {
      const packager = packageBytes(openGop(codec));
      const segments = packager.window.segments.filter((s) => s.complete);
      assert.ok(segments.length >= 3, `${segments.length} complete segments`);
      for (const segment of segments) {
        assert.ok(segment.parts[0]!.independent, `${segment.uri} starts on no keyframe`);
        assert.ok(Math.abs(segment.duration - 1) <= 0.034, `${segment.uri}: ${segment.duration} s`);
        assert.deepEqual(
          segment.parts.map((p) => p.independent),
          segment.parts.map((_, i) => i === 0),
        );
      }
      assert.deepEqual(playlistBreaches(renderPlaylist(packager.window)!), []);
    });
  }
});
