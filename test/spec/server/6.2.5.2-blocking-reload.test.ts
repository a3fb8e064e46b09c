import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { get, type Harness, sleep, startOrigin, waitFor } from '../../unit/streamer/origin/origin-harness.js';
import { parseM3u8 } from '../../unit/streamer/packager/parse-m3u8.js';

// RFC 8216bis 6.2.5.2 Blocking Playlist Reload, over real HTTP on 127.0.0.1.
describe('6.2.5.2 blocking playlist reload', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin();
    h.push(45); // seg0 complete; seg1 parts 0..4 (frames 30..44); hint part15
  });
  after(() => h.origin.close());
  const playlist = (query: string) => get(`${h.base}/playlist.m3u8?${query}`);

  it('"If the Playlist URI contains an _HLS_part directive but no _HLS_msn directive, the Server MUST return Bad Request"', async () => {
    assert.equal((await playlist('_HLS_part=0')).status, 400);
  });

  it('"If the _HLS_msn is greater than the Media Sequence Number of the last Media Segment in the current Playlist plus two ... the server SHOULD immediately return Bad Request"', async () => {
    assert.equal((await playlist('_HLS_msn=4')).status, 400);
  });

  it('"... or if the _HLS_part exceeds the last Partial Segment in the current Playlist by the Advance Part Limit ... three divided by the Part Target Duration"', async () => {
    // Last part: (1, 4); limit 3 / 0.1 = 30 parts.
    assert.equal((await playlist('_HLS_msn=1&_HLS_part=35')).status, 400);
  });

  it('"When the Playlist URI contains both an _HLS_msn directive and an _HLS_part directive, the Server MUST defer responding ... until the Playlist contains the Partial Segment with Part Index N"', async () => {
    const pending = playlist('_HLS_msn=1&_HLS_part=5');
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(2);
    await sleep(20);
    assert.equal(h.origin.heldRequests, 1);
    h.push(1);
    const publish = h.packager.window.lastPart!.publish;
    const r = await pending;
    assert.equal(r.status, 200);
    assert.ok(r.firstByte >= publish);
    const m = parseM3u8(r.text);
    assert.equal(m.preloadSegment?.parts?.length, 6);
  });

  it('"When the Playlist URI contains an _HLS_msn directive and no _HLS_part directive, the Server MUST defer responding ... until the Playlist contains a Media Segment with a Media Sequence Number of M or later"', async () => {
    const pending = playlist('_HLS_msn=1');
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(12); // frames 48..59: seg1 has 10 parts but is not complete until keyframe 60
    await sleep(30);
    assert.equal(h.origin.heldRequests, 1);
    h.push(1); // keyframe 60 ends seg1
    const r = await pending;
    assert.equal(r.status, 200);
    assert.deepEqual(
      parseM3u8(r.text).segments.map((s) => s.uri),
      ['seg0.ts', 'seg1.ts'],
    );
  });

  it('"If the Client requests a Part Index greater than that of the final Partial Segment of the Parent Segment, the Server MUST treat the request as one for Part Index 0 of the following Parent Segment"', async () => {
    // seg1 has parts 0..9; (1, 12) = (2, 0), which needs frames 60..62 (60 is out already).
    const pending = playlist('_HLS_msn=1&_HLS_part=12');
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(1);
    await sleep(30);
    assert.equal(h.origin.heldRequests, 1);
    h.push(1);
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(parseM3u8(r.text).preloadSegment?.parts?.length, 1);
  });

  it('"The Server MUST deliver the entire Playlist, even if the requested Media Segment is not the last one in the Playlist"', async () => {
    const r = await playlist('_HLS_msn=0&_HLS_part=2');
    assert.equal(r.status, 200);
    assert.equal(parseM3u8(r.text).segments.length, 2);
    assert.ok(r.end - r.start < 1000);
  });

  it('"A Server that cannot provide the requested Playlist after blocking for more than three Target Durations SHOULD return Service Unavailable"', async () => {
    const r = await playlist('_HLS_msn=3');
    assert.equal(r.status, 503);
    assert.ok(r.end - r.start >= 2990, `${r.end - r.start}`);
    assert.equal(h.origin.heldRequests, 0);
  });
});
