import assert from 'node:assert/strict';
import { it } from 'node:test';
import { behindRealTime, catchUpMessage } from '../../../../streamer/capture/real-time.js';
import type { DemuxEvent } from '../../../../streamer/mpegts/types.js';

const unit = (captureMs: number, arrival: number): DemuxEvent => ({
  type: 'access-unit',
  unit: {
    pid: 256,
    codec: 'h264',
    pts: (captureMs * 90) % 2 ** 33,
    dts: 0,
    keyframe: false,
    byteLength: 1,
    arrival,
    endedBy: 'length',
  },
});

it('behindRealTime: the worst lag of wall-clock frames past the limit, else null', () => {
  const t = 1_800_000_000_000;
  assert.equal(behindRealTime([unit(t, t + 80), unit(t + 33, t + 1990)]), null);
  assert.equal(behindRealTime([unit(t, t + 80), unit(t + 33, t + 3033), unit(t + 66, t + 2100)]), 3000);
  assert.equal(behindRealTime([{ type: 'packets', data: new Uint8Array(188) }]), null);
});

it('catchUpMessage: the lag; from the third catch-up within a minute, what to lower', () => {
  const stream = { width: 1280, height: 720, frameRate: 30 };
  const one = catchUpMessage(2400, [10_000], stream);
  assert.equal(
    one,
    'the test source fell 2.4 s behind real time (paused or starved); restarted FFmpeg so capture times stay true (EXT-X-DISCONTINUITY)',
  );
  assert.equal(catchUpMessage(2400, [10_000, 40_000], stream), one);
  // Three within a minute: starved, not paused.
  assert.equal(
    catchUpMessage(2400, [10_000, 40_000, 65_000], stream),
    `${one}; 3 times in the last minute: this machine does not encode 1280x720 at 30 fps in real time: lower --resolution, --framerate or --bitrate, or give FFmpeg more CPU`,
  );
  // Three, but spread over more than a minute: pauses.
  assert.equal(catchUpMessage(2400, [10_000, 40_000, 70_000], stream), one);
});
