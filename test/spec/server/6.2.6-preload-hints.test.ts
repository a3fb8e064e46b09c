import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { get, type Harness, sleep, startOrigin, waitFor } from '../../unit/streamer/origin/origin-harness.js';

// RFC 8216bis 6.2.6 Providing Preload Hints, over real HTTP on 127.0.0.1.
describe('6.2.6 preload hints', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin();
    h.push(31);
  });
  after(() => h.origin.close());

  it('"the server MUST refrain from transmitting any bytes belonging to a Partial Segment until all bytes of that Partial Segment can be transmitted at the full speed of the link"', async () => {
    const hint = h.packager.window.hint!;
    const pending = get(`${h.base}/${hint.uri}`);
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(1);
    await sleep(40);
    h.push(1); // completes the hinted part
    const r = await pending;
    const part = h.packager.window.lastPart!;
    assert.equal(part.uri, hint.uri);
    assert.ok(r.firstByte >= part.publish, 'a byte left before the part was complete');
    assert.deepEqual(r.body, Buffer.from(part.bytes));
  });

  it('"A hinted resource MUST be available for request when its EXT-X-PRELOAD-HINT tag is added to the Playlist" (held, not 404)', async () => {
    const hint = h.packager.window.hint!;
    const pending = get(`${h.base}/${hint.uri}`);
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(3);
    assert.equal((await pending).status, 200);
  });

  it('"The server SHOULD respond with \'Not Found\' (such as HTTP 404) to a request for a resource that it cannot find and that is not specified by an EXT-X-PRELOAD-HINT tag"', async () => {
    const next = h.packager.window.hint!.number + 1;
    const r = await get(`${h.base}/part${next}.ts`);
    assert.equal(r.status, 404);
    assert.ok(r.end - r.start < 1000);
  });

  it('"A server MAY choose not to publish previously-hinted resources ... The server SHOULD respond to client requests for those resources with \'Not Found\'"', async () => {
    const hint = h.packager.window.hint!;
    const pending = get(`${h.base}/${hint.uri}`);
    await waitFor(() => h.origin.heldRequests === 1);
    h.packager.discontinuity(performance.timeOrigin + performance.now()); // the source restarted
    const r = await pending;
    assert.equal(r.status, 404);
    assert.equal(h.origin.heldRequests, 0);
  });
});
