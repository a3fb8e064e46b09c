import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildFfmpegArgs,
  type CaptureArgsOptions,
  keyframeInterval,
  testSourceGraph,
} from '../../../../streamer/capture/ffmpeg-args.js';
import { frameCodeLayout } from '../../../../streamer/capture/frame-code.js';

const base: CaptureArgsOptions = {
  input: { kind: 'test' },
  width: 1280,
  height: 720,
  frameRate: 30,
  bitrateKbps: 2500,
  segmentDuration: 1,
  audio: false,
  fontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  frameCode: frameCodeLayout(1280, 720),
};

/** The value after a flag (the first occurrence). */
const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

test('latency-first encoding: ultrafast zerolatency, no B-frames, keyframe every segment', () => {
  const args = buildFfmpegArgs(base);
  assert.equal(after(args, '-c:v'), 'libx264');
  assert.equal(after(args, '-preset'), 'ultrafast');
  assert.equal(after(args, '-tune'), 'zerolatency');
  assert.equal(after(args, '-bf'), '0');
  assert.equal(after(args, '-g'), '30');
  assert.equal(after(args, '-keyint_min'), '30');
  assert.equal(after(args, '-sc_threshold'), '0');
  assert.equal(after(args, '-b:v'), '2500k');
  assert.equal(after(args, '-maxrate'), '2500k');
  assert.equal(after(args, '-fps_mode'), 'passthrough');
  assert.equal(after(args, '-enc_time_base:v'), '1:1000000', 'a 1/fps time base rounds the PTS');
  assert.ok(args.includes('-copyts'), 'wall-clock PTS must not be shifted to 0');
  assert.equal(after(buildFfmpegArgs({ ...base, segmentDuration: 2, frameRate: 25 }), '-g'), '50');
  assert.equal(keyframeInterval(0.5, 30), 15);
});

test('MPEG-TS to stdout without mux delay, with PES lengths, flushing every packet', () => {
  const args = buildFfmpegArgs(base);
  // biome-ignore format: flag/value pairs
  const expected = ['-muxdelay', '0', '-muxpreload', '0', '-flush_packets', '1', '-omit_video_pes_length', '0', '-f', 'mpegts', 'pipe:1'];
  assert.deepEqual(args.slice(-expected.length), expected);
  assert.equal(args.at(-1), 'pipe:1');
});

test('the test source stamps wall-clock PTS, paces in real time, draws the clock and the frame code', () => {
  const args = buildFfmpegArgs(base);
  assert.equal(after(args, '-f'), 'lavfi');
  const graph = after(args, '-i') ?? '';
  assert.equal(graph, testSourceGraph(base));
  assert.match(
    graph,
    /^testsrc2=size=1280x720:rate=30,settb=AVTB,setpts=floor\(RTCSTART\/100\)\*100\+N\*1000000\/30,realtime,/,
  );
  assert.match(graph, /drawtext=fontfile=\/usr\/share\/fonts\/truetype\/dejavu\/DejaVuSansMono\.ttf:/);
  // 1 background + 1 white reference + 24 bit blocks.
  assert.equal(graph.match(/drawbox=/g)?.length, 26);
  assert.match(graph, /enable='mod\(floor\(floor\(floor\(t\*90000\+0\.5\)\/90\)\/8388608\),2\)'/);
  assert.doesNotMatch(testSourceGraph({ ...base, fontFile: null }), /drawtext/);
  assert.doesNotMatch(testSourceGraph({ ...base, frameCode: null }), /drawbox/);
});

test('test tone audio: a second lavfi input on the same wall clock, encoded AAC', () => {
  const args = buildFfmpegArgs({ ...base, audio: true });
  assert.match(args.join(' '), /sine=frequency=440:sample_rate=48000,arealtime,asettb=AVTB,asetpts=RTCSTART/);
  assert.equal(after(args, '-c:a'), 'aac');
  assert.ok(args.join(' ').includes('-map 0:v:0 -map 1:a:0'));
});

test('V4L2 device: input format, size, rate, stamped with RTCTIME on arrival', () => {
  const args = buildFfmpegArgs({
    ...base,
    input: { kind: 'device', device: '/dev/video0', inputFormat: 'mjpeg' },
  });
  assert.ok(
    args.join(' ').includes('-f v4l2 -input_format mjpeg -video_size 1280x720 -framerate 30 -i /dev/video0'),
  );
  assert.equal(after(args, '-vf'), 'settb=AVTB,setpts=RTCTIME,format=yuv420p');
  const withAudio = buildFfmpegArgs({
    ...base,
    audio: true,
    input: { kind: 'device', device: '/dev/video2' },
  });
  assert.ok(withAudio.join(' ').includes('-f alsa -i default'));
  assert.ok(!withAudio.includes('-input_format'));
});

test('--input file or URL: copied, not re-encoded; a file is read at its own pace', () => {
  const file = buildFfmpegArgs({ ...base, input: { kind: 'input', input: 'clip.ts' } });
  assert.ok(file.join(' ').startsWith('-hide_banner -nostdin -nostats -loglevel warning -re -i clip.ts'));
  assert.equal(after(file, '-c'), 'copy');
  assert.ok(!file.includes('libx264'));
  assert.ok(file.includes('-an'));
  const url = buildFfmpegArgs({
    ...base,
    audio: true,
    input: { kind: 'input', input: 'srt://127.0.0.1:9000' },
  });
  assert.ok(!url.includes('-re') && !url.includes('-an'));
});
