import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { serverClock } from '../../streamer/streamer.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

// `--hint-streaming`: a request for the hinted part gets the part's bytes as they are produced.
let serve: TestServe;

before(async () => {
  serve = await startTestServe({ hintStreaming: true });
});
after(async () => {
  await serve?.close();
});

/** GETs a URL, recording when the first and the last body byte arrived (server clock). */
function timedGet(url: string): Promise<{ status: number; body: Buffer; firstByte: number; end: number }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      let firstByte = Number.NaN;
      res.on('data', (c: Buffer) => {
        if (chunks.length === 0) firstByte = serverClock();
        chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), firstByte, end: serverClock() }),
      );
    }).on('error', reject);
  });
}

/** The hinted URI of a playlist answered the moment a part is published (a fresh hint). */
async function freshHint(): Promise<string> {
  const first = new Parser();
  first.push(await (await fetch(serve.url)).text());
  first.end();
  const msn = (first.manifest.mediaSequence ?? 0) + first.manifest.segments.length;
  const index = first.manifest.preloadSegment?.parts?.length ?? 0;
  const parser = new Parser();
  parser.push(await (await fetch(`${serve.url}?_HLS_msn=${msn}&_HLS_part=${index}`)).text());
  parser.end();
  const uri = parser.manifest.preloadSegment?.preloadHints?.[0]?.uri;
  assert.ok(uri !== undefined);
  return uri;
}

test('a preload-hinted part’s first bytes arrive before the part is complete', async (t) => {
  // Five hinted parts in a row. On a loaded machine FFmpeg can be starved and deliver a part's
  // frames in one burst (nothing to stream early), so most, not all, must show it.
  const leads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const uri = await freshHint();
    const response = await timedGet(new URL(uri, serve.url).href);
    assert.equal(response.status, 200);
    const doc = (await (await fetch(`${serve.origin}/timestamps.json`)).json()) as TimestampsDocument;
    const part = doc.segments.flatMap((s) => s.parts).find((p) => p.uri === uri);
    assert.ok(part !== undefined);
    leads.push(part.publish - response.firstByte);
    assert.ok(response.end >= part.publish, 'the response ends once the part is complete');
    const whole = Buffer.from(await (await fetch(new URL(uri, serve.url))).arrayBuffer());
    assert.deepEqual(response.body, whole, 'streamed bytes = the part');
  }
  t.diagnostic(`first byte before the part was complete, ms: ${leads.map((l) => l.toFixed(1)).join(', ')}`);
  assert.ok(leads.filter((l) => l > 10).length >= 3, `first byte ms before complete: ${leads.join(', ')}`);
});
