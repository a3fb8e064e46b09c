import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpAdapter } from '../../../../src/client/http-adapter.js';
import { PlaylistCache } from '../../../../src/client/playlist-cache.js';
import { TimestampsSource } from '../../../../src/client/timestamps-source.js';
import { Viewer } from '../../../../src/client/viewer.js';
import type { MediaSample, PlaylistSample, PlayoutSample, Sample } from '../../../../src/run/types.js';
import { type FakeLlHlsServer, startFakeLlHls } from '../../../helpers/hls-servers.js';

// The Node client's sample building: one viewer against a real LL-HLS server on loopback (parts,
// blocking reloads, hints, /timestamps.json), its clock shifted by a known offset. Every figure
// must follow from the sample's own instants, on the server clock.
const OFFSET_MS = 5000; // the client clock runs 5 s ahead of the server's

describe('Viewer: the samples it builds', () => {
  let server: FakeLlHlsServer;
  const samples: Sample[] = [];
  /** When the run was stopped (the server clock is this process's clock). */
  let stoppedAt = Number.POSITIVE_INFINITY;

  before(async () => {
    server = await startFakeLlHls({ partTarget: 0.1, partsPerSegment: 10 });
    const clientClock = (): number => performance.timeOrigin + performance.now() + OFFSET_MS;
    const http = new HttpAdapter({ connections: 8, timeoutMs: 5000, clock: clientClock });
    const stop = new AbortController();
    const timestamps = await TimestampsSource.probe(server.url, http);
    const viewer = new Viewer({
      index: 0,
      playlistUrl: server.url,
      http,
      cache: new PlaylistCache(),
      timestamps,
      ctx: { emit: (s) => samples.push(s), toServerTime: (t) => t - OFFSET_MS, log: () => {} },
      signal: stop.signal,
      observe: true,
      probeAfterMs: null,
    });
    const timer = setTimeout(() => {
      stoppedAt = Date.now();
      stop.abort();
    }, 2500);
    await viewer.run();
    clearTimeout(timer);
    await http.close();
  });
  after(() => server.close());

  const of = <T extends Sample['type']>(type: T) =>
    samples.filter((s): s is Extract<Sample, { type: T }> => s.type === type);

  it('media: instants on the server clock, latencies from them and the part’s capture and publish', () => {
    const media = of('media').filter((s: MediaSample) => s.error === null);
    assert.ok(media.length >= 10, `${media.length} media samples`);
    const now = Date.now();
    for (const s of media) {
      assert.ok(Math.abs(s.timing.start - now) < 10_000, 'server clock, not the shifted client clock');
      assert.equal(s.t, s.timing.end);
      // A part whose /timestamps.json refresh the stop cut short keeps its PROGRAM-DATE-TIME
      // capture (and no publish); every other one has both from timestamps.json.
      if (s.captureSource !== 'timestamps' && s.timing.end !== null && s.timing.end >= stoppedAt - 1000) {
        assert.equal(s.captureSource, 'program-date-time', JSON.stringify(s));
        continue;
      }
      assert.equal(s.captureSource, 'timestamps', `${JSON.stringify(s)} (stopped at ${stoppedAt})`);
      assert.ok(
        s.capture !== null && s.publish !== null && s.timing.firstByte !== null && s.timing.end !== null,
      );
      assert.equal(s.capture_to_first_byte, s.timing.firstByte - s.capture);
      assert.equal(s.capture_to_last_byte, s.timing.end - s.capture);
      assert.equal(s.delivery, s.timing.end - s.publish);
      assert.equal(s.kind, 'part');
      assert.match(s.uri, /\.ts$/);
    }
    assert.ok(
      media.some((s) => s.hinted),
      'hinted parts are fetched and marked',
    );
  });

  it('playlist: playlist_hold for blocking requests only, first byte - start less the best round trip', () => {
    const playlists = of('playlist').filter((s: PlaylistSample) => s.error === null);
    const blocking = playlists.filter((s) => s.request.msn !== null);
    const plain = playlists.filter((s) => s.request.msn === null);
    assert.ok(blocking.length >= 5 && plain.length >= 1);
    for (const s of plain) assert.equal(s.playlist_hold, null);
    // The best round trip: the least first byte - start of requests not held (plain playlists and
    // listed parts); every blocking request's wait less it, at least 0.
    const unheld = [...plain, ...of('media').filter((s) => !s.hinted && s.error === null)];
    const rtts = unheld.map((s) => (s.timing.firstByte as number) - s.timing.start);
    for (const s of blocking) {
      const wait = (s.timing.firstByte as number) - s.timing.start;
      assert.ok(s.playlist_hold !== null && s.playlist_hold >= 0 && s.playlist_hold <= wait);
      assert.ok(wait - (s.playlist_hold as number) >= Math.min(...rtts) - 1e-6);
    }
    assert.ok(
      blocking.some((s) => (s.playlist_hold as number) > 30),
      'the server held some of them',
    );
  });

  it('playout: estimated_display is display - capture of the part shown, in playback order', () => {
    const playout = of('playout') as PlayoutSample[];
    assert.ok(playout.length >= 5, `${playout.length} playout samples`);
    for (const s of playout) {
      assert.equal(s.t, s.display);
      assert.ok(s.capture !== null);
      assert.equal(s.estimated_display, s.display - s.capture);
    }
    const order = playout.map((s) => s.msn * 100 + (s.part ?? 0));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });
});
