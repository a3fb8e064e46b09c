import assert from 'node:assert/strict';
import { it } from 'node:test';
import { behindRealTime } from '../../../../streamer/capture/real-time.js';
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
