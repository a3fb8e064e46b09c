import assert from 'node:assert/strict';
import { it } from 'node:test';
import { codecOf } from '../../../../streamer/mpegts/psi.js';
import type { ProgramInfo } from '../../../../streamer/mpegts/types.js';
import { choosePackaging } from '../../../../streamer/packager/packaging-choice.js';

const program = (...types: number[]): ProgramInfo => ({
  programNumber: 1,
  pmtPid: 0x1000,
  pcrPid: 0x100,
  streams: types.map((streamType, i) => ({ pid: 0x100 + i, streamType, codec: codecOf(streamType) })),
  psi: new Uint8Array(0),
});

it('choosePackaging: cuts on H.264/H.265 video, else AAC; the first AAC is the audio; refuses other video and programs with nothing to cut', () => {
  const hevcAac = program(0x0f, 0x24);
  assert.deepEqual(choosePackaging(hevcAac), {
    ok: true,
    cut: hevcAac.streams[1],
    audio: hevcAac.streams[0],
  });
  const chosen = choosePackaging(program(0x1b, 0x0f, 0x06, 0x0f));
  assert.ok(chosen.ok && chosen.cut.pid === 0x100 && chosen.audio?.pid === 0x101);
  const audioOnly = choosePackaging(program(0x0f));
  assert.ok(audioOnly.ok && audioOnly.cut.pid === 0x100 && audioOnly.audio === audioOnly.cut, 'audio only');
  const silent = choosePackaging(program(0x1b));
  assert.ok(silent.ok && silent.audio === null, 'video only');
  const mpeg2 = choosePackaging(program(0x02, 0x0f));
  assert.ok(
    !mpeg2.ok && /^MPEG-2 video \(stream_type 0x02\) on PID 256 cannot be packaged/.test(mpeg2.reason),
  );
  const ac3 = choosePackaging(program(0x81));
  assert.ok(!ac3.ok && /the program has AC-3 \(stream_type 0x81\): nothing to package/.test(ac3.reason));
});
