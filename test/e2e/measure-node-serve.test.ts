import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NodeClient } from '../../src/client/node-client.js';
import type { ClientOutcome } from '../../src/run/measure-client.js';
import type { MediaSample, PlaylistSample, PlayoutSample, Sample } from '../../src/run/types.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

describe('Node client against llhls serve (real FFmpeg, loopback)', () => {
  let serve: TestServe;
  let outcome: ClientOutcome;
  const samples: Sample[] = [];

  before(async () => {
    serve = await startTestServe();
    outcome = await new NodeClient().run({
      url: serve.url,
      durationMs: 6000,
      signal: new AbortController().signal,
      toServerTime: (t) => t, // same process: one clock
      emit: (s) => samples.push(s),
      log: () => {},
    });
  });

  after(async () => {
    await serve?.close();
  });

  it('plays it as LL-HLS and every protocol finding passes', () => {
    // Delta updates need more than CAN-SKIP-UNTIL (6 s) of segments: a fresh stream has fewer.
    const notPass = outcome.findings.filter((f) => f.status !== 'pass' && f.id !== 'skip-arithmetic');
    assert.deepEqual(notPass, []);
    assert.notEqual(outcome.findings.find((f) => f.id === 'skip-arithmetic')?.status, 'fail');
    assert.match(outcome.summary?.lowLatency?.verdict ?? '', /parts, blocking reloads and preload hints/);
    assert.equal(outcome.counters['errors'], 0);
    assert.ok((outcome.counters['serverTimingSeen'] ?? 0) > 0, 'llhls serve sends Server-Timing');
  });

  it('takes capture and publish from timestamps.json, consistently', () => {
    const parts = samples.filter(
      (s): s is MediaSample => s.type === 'media' && s.kind === 'part' && s.status === 200,
    );
    assert.ok(parts.length >= 20, `${parts.length} parts`);
    for (const m of parts) {
      assert.equal(m.captureSource, 'timestamps', `${m.uri}`);
      assert.ok(
        m.capture !== null && m.publish !== null && m.delivery !== null && m.capture_to_last_byte !== null,
        JSON.stringify(m),
      );
      const packaging = m.publish - m.capture;
      // A part is published after its first frame was made, and received after it was published.
      assert.ok(packaging > 0, `packaging ${packaging}`);
      assert.ok(m.delivery >= -1, `delivery ${m.delivery}`);
      assert.ok(m.capture_to_last_byte >= packaging - 1, `${m.capture_to_last_byte} < ${packaging}`);
    }
    // Hinted parts arrive as soon as they are published: delivery well under a part's duration
    // in the typical case (median, so a busy moment on a shared machine does not decide it).
    const hinted = parts.filter((m) => m.hinted);
    assert.ok(hinted.length >= 10);
    assert.ok(median(hinted.map((m) => m.delivery as number)) < 100);
    // A 0.1 s part at 30 fps holds 3 frames; it can be published only after its last frame is
    // made, 2 frame intervals after its first: no first byte comes sooner than that.
    const floor = (2 * 1000) / 30 - 1;
    assert.ok(median(hinted.map((m) => m.capture_to_first_byte as number)) >= floor);
  });

  it('holds blocking reloads about a part long and simulates playout near PART-HOLD-BACK', () => {
    const held = samples.filter(
      (s): s is PlaylistSample => s.type === 'playlist' && s.request.msn !== null && s.playlist_hold !== null,
    );
    assert.ok(held.length >= 20);
    assert.ok(held.every((s) => (s.playlist_hold as number) >= 0));
    const holdMedian = median(held.map((s) => s.playlist_hold as number));
    assert.ok(holdMedian > 20 && holdMedian < 300, `median hold ${holdMedian}`);
    const playout = samples.filter(
      (s): s is PlayoutSample => s.type === 'playout' && s.estimated_display !== null,
    );
    assert.ok(playout.length >= 20);
    // PART-HOLD-BACK (0.3 s) behind the playlist's end, and not seconds behind. The end is the
    // last listed part, published 2 frame intervals after its first frame is captured (its last
    // frame is the third): so the first part shown is at least 0.3 s - 1 frame old, not 0.3 s
    // (291 and 296 ms seen on main and on this branch alike).
    const latency = median(playout.map((s) => s.estimated_display as number));
    assert.ok(latency >= 300 - 1000 / 30 && latency < 2000, `estimated display latency ${latency}`);
  });
});
