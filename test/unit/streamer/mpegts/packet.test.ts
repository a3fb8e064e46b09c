import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  adaptationFieldControl,
  discontinuity,
  packetPid,
  payloadOffset,
  randomAccess,
} from '../../../../streamer/mpegts/packet.js';
import { packet } from './helpers.js';

describe('TS packet header', () => {
  it('reads the header fields', () => {
    const bytes = packet({
      pid: 0x1abc,
      cc: 13,
      unitStart: true,
      transportError: true,
      payload: new Uint8Array(184),
    });
    assert.equal(packetPid(bytes, 0), 0x1abc);
    assert.equal(adaptationFieldControl(bytes, 0), 1);
    assert.equal(payloadOffset(bytes, 0), 4);
  });

  it('finds the payload after the adaptation field, and the random access and discontinuity flags', () => {
    const bytes = packet({
      pid: 0x100,
      cc: 0,
      payload: new Uint8Array(100),
      randomAccess: true,
      discontinuity: true,
    });
    assert.equal(adaptationFieldControl(bytes, 0), 3);
    assert.equal(payloadOffset(bytes, 0), 88);
    assert.equal(randomAccess(bytes, 0), true);
    assert.equal(discontinuity(bytes, 0), true);
  });

  it('reports no payload for adaptation-only packets and -1 for an overlong adaptation field', () => {
    const only = packet({ pid: 0x100, cc: 0 });
    assert.equal(payloadOffset(only, 0), 188);
    const bad = packet({ pid: 0x100, cc: 0, payload: new Uint8Array(10) });
    bad[4] = 200;
    assert.equal(payloadOffset(bad, 0), -1);
  });
});
