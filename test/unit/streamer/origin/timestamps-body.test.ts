import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { TimestampsBodies } from '../../../../streamer/origin/timestamps-body.js';
import { buildTimestamps } from '../../../../streamer/packager/timestamps-view.js';
import { feed, frames, makePackager } from '../packager/synthetic-stream.js';
import { stream } from './origin-harness.js';

/** What a browser does with `Content-Encoding: gzip`: the WHATWG DecompressionStream. */
async function gunzipAsWeb(bytes: Uint8Array): Promise<string> {
  const body = new Blob([Uint8Array.from(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(body).text();
}

describe('TimestampsBodies', () => {
  it("is buildTimestamps' document with the request's own serverTime, as is and gzipped", async () => {
    const packager = makePackager();
    feed(packager, frames(250));
    const bodies = new TimestampsBodies(packager.window);
    for (const serverTime of [1764528000123.456, 1764528000223.5, 1764528001000]) {
      const body = bodies.get(stream, serverTime);
      const expected = buildTimestamps(packager.window, stream, serverTime);
      assert.deepEqual(JSON.parse(Buffer.from(body.bytes).toString('utf8')), expected);
      // zlib checks the CRC-32 and the length in the trailer: a wrong one throws.
      assert.equal(gunzipSync(body.gzip).toString('utf8'), Buffer.from(body.bytes).toString('utf8'));
      assert.deepEqual(JSON.parse(await gunzipAsWeb(body.gzip)), expected);
      assert.ok(body.gzip.length < body.bytes.length / 3, 'compressed');
    }
  });

  it('compresses the document once per window version: responses differ only in their tail', () => {
    const packager = makePackager();
    const list = frames(300);
    feed(packager, list.slice(0, 250));
    const bodies = new TimestampsBodies(packager.window);
    const a = Buffer.from(bodies.get(stream, 1000.5).gzip);
    const b = Buffer.from(bodies.get(stream, 2000.25).gzip);
    // header + the cached deflate stream; then each its stored block, CRC-32 and length.
    const shared = a.length - (5 + '1000.5}'.length + 8);
    assert.ok(shared > 100);
    assert.deepEqual(a.subarray(0, shared), b.subarray(0, shared));
    feed(packager, list.slice(250));
    const after = JSON.parse(gunzipSync(bodies.get(stream, 3000).gzip).toString('utf8'));
    assert.deepEqual(after, buildTimestamps(packager.window, stream, 3000), 'a new version is built anew');
  });

  it('follows a changed stream description within one version', () => {
    const packager = makePackager();
    feed(packager, frames(60));
    const bodies = new TimestampsBodies(packager.window);
    bodies.get(stream, 1);
    const later = { ...stream, codecs: 'avc1.64001f' };
    const doc = JSON.parse(Buffer.from(bodies.get(later, 2).bytes).toString('utf8'));
    assert.equal(doc.stream.codecs, 'avc1.64001f');
  });
});

describe('TimestampsBodies, version after version', () => {
  it('keeps the unchanged segments and renders the same document as buildTimestamps at every publish', () => {
    const packager = makePackager();
    const bodies = new TimestampsBodies(packager.window);
    let checked = 0;
    // 12 s: segments open, gain parts, complete and leave the window.
    for (const frame of frames(360)) {
      const version = packager.window.version;
      feed(packager, [frame]);
      if (packager.window.version === version || packager.window.segments.length === 0) continue;
      const serverTime = 1764528000000 + checked;
      const doc = JSON.parse(gunzipSync(bodies.get(stream, serverTime).gzip).toString('utf8'));
      assert.deepEqual(doc, buildTimestamps(packager.window, stream, serverTime));
      checked += 1;
    }
    assert.ok(checked > 100, `${checked} versions checked`);
  });
});
