import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameCodeLayout } from '../../../../streamer/capture/frame-code.js';
import {
  buildGstLaunchArgs,
  buildRawSourceArgs,
  shellQuote,
} from '../../../../streamer/gstreamer/pipeline-args.js';

const options = {
  input: { kind: 'test' } as const,
  width: 1280,
  height: 720,
  frameRate: 30,
  bitrateKbps: 2500,
  segmentDuration: 1,
  partDuration: 0.1,
  directory: '/tmp/llhls-gst-x',
  fontFile: null,
  frameCode: frameCodeLayout(1280, 720),
};

test('gst-launch-1.0: raw frames in, x264 zero-latency, splitmuxsink of fragmented MP4 per segment', () => {
  assert.equal(
    shellQuote(buildGstLaunchArgs(options)),
    "-q fdsrc fd=0 do-timestamp=false ! rawvideoparse format=i420 width=1280 height=720 framerate=30/1 ! videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,width=1280,height=720,framerate=30/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bframes=0 bitrate=2500 vbv-buf-capacity=500 ! h264parse ! splitmuxsink 'muxer=mp4mux fragment-duration=100 streamable=true' max-size-time=1000000000 max-files=0 location=/tmp/llhls-gst-x/seg%05d.mp4",
  );
});

test('segment and fragment durations follow the flags; the muxer stays one argument', () => {
  const args = buildGstLaunchArgs({ ...options, segmentDuration: 2, partDuration: 0.333, frameRate: 25 });
  assert.ok(args.includes('muxer=mp4mux fragment-duration=333 streamable=true'));
  assert.ok(args.includes('max-size-time=2000000000'));
  assert.ok(args.includes('key-int-max=50'));
  assert.ok(args.includes('framerate=25/1'));
});

test("FFmpeg: the test source's own graph (frame code, realtime) as raw yuv420p, one frame per frame made", () => {
  const args = buildRawSourceArgs(options);
  const graph = args[args.indexOf('-i') + 1]!;
  assert.match(graph, /^testsrc2=size=1280x720:rate=30,settb=AVTB,setpts=.*,realtime,drawbox=/);
  assert.deepEqual(args.slice(-8), [
    '-an',
    '-fps_mode',
    'passthrough',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'rawvideo',
    'pipe:1',
  ]);
  const device = buildRawSourceArgs({
    ...options,
    input: { kind: 'device', device: '/dev/video2', inputFormat: 'mjpeg' },
  });
  assert.equal(
    shellQuote(device),
    '-hide_banner -nostdin -nostats -loglevel warning -f v4l2 -input_format mjpeg -video_size 1280x720 -framerate 30 -i /dev/video2 -vf scale=1280:720,format=yuv420p -an -fps_mode passthrough -pix_fmt yuv420p -f rawvideo pipe:1',
  );
});
