import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Parser } from 'm3u8-parser';
import type { TimestampsDocument } from '../../src/hls/timestamps.js';
import { serverClock } from '../../streamer/streamer.js';
import { codeOf, frameCodesOf } from '../helpers/frame-codes.js';
import { runAsync } from '../helpers/run-async.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

/** m3u8-parser reads EXT-X-PART-INF:PART-TARGET into `partTargetDuration` (not in our d.ts). */
const partTargetOf = (manifest: object): number | undefined =>
  (manifest as { partTargetDuration?: number }).partTargetDuration;

// `llhls serve` in-process: real FFmpeg test source (640x360), real HTTP on 127.0.0.1, parts
// of 0.1 s held whole when hinted (the default mode).
let serve: TestServe;
const dir = mkdtempSync(join(tmpdir(), 'llhls-serve-e2e-'));

before(async () => {
  serve = await startTestServe();
  // Let a few segments fill the window.
  await new Promise((r) => setTimeout(r, 3500));
});
after(async () => {
  await serve?.close();
  rmSync(dir, { recursive: true, force: true });
});

const parse = (text: string) => {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
};
const get = async (path: string) => {
  const response = await fetch(new URL(path, serve.url));
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
};
const playlistText = async (query = ''): Promise<string> => (await fetch(`${serve.url}${query}`)).text();
const timestamps = async (): Promise<TimestampsDocument> =>
  (await fetch(`${serve.origin}/timestamps.json`)).json() as Promise<TimestampsDocument>;

/** The part the preload hint names: (msn, index) and its URI. Parts after the last EXTINF belong
 *  to the segment being filled (m3u8-parser's preloadSegment). */
function nextPart(text: string): { msn: number; part: number; uri: string } {
  const manifest = parse(text);
  const hint = manifest.preloadSegment?.preloadHints?.find((h) => h.type === 'PART');
  assert.ok(hint !== undefined, 'a preload hint');
  const msn = (manifest.mediaSequence ?? 0) + manifest.segments.length;
  return { msn, part: manifest.preloadSegment?.parts?.length ?? 0, uri: hint.uri };
}

test('the playlist parses with m3u8-parser and advertises the LL-HLS values', async () => {
  const text = await playlistText();
  const manifest = parse(text);
  assert.equal(manifest.targetDuration, 1);
  assert.equal(partTargetOf(manifest), 0.1);
  assert.match(text, /^#EXT-X-VERSION:9$/m);
  assert.match(
    text,
    /^#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6(\.0+)?,PART-HOLD-BACK=0\.30*,HOLD-BACK=3(\.0+)?$/m,
  );
  assert.ok(manifest.segments.length >= 3, `${manifest.segments.length} segments`);
  for (const segment of manifest.segments) {
    assert.ok(segment.duration <= 1, `EXTINF ${segment.duration} <= TARGETDURATION`);
    assert.ok(segment.dateTimeString !== undefined, 'PROGRAM-DATE-TIME on every segment');
    for (const part of segment.parts ?? [])
      assert.ok(part.duration <= 0.1 + 1e-9, `part ${part.uri} ${part.duration}`);
    if (segment.parts?.length)
      assert.equal(segment.parts[0]!.independent, true, 'a segment starts with a keyframe');
  }
  assert.equal(manifest.preloadSegment?.preloadHints?.[0]?.type, 'PART');
});

test('a blocking request for the next part returns within a few ms of its publish time', async (t) => {
  // Sync on one publish first, so the next part is surely still ahead (~0.1 s) when we ask.
  const sync = nextPart(await playlistText());
  const { msn, part } = nextPart(await playlistText(`?_HLS_msn=${sync.msn}&_HLS_part=${sync.part}`));
  const response = await fetch(`${serve.url}?_HLS_msn=${msn}&_HLS_part=${part}`);
  const answered = serverClock();
  const text = await response.text();
  assert.equal(response.status, 200);
  assert.match(response.headers.get('server-timing') ?? '', /hold;dur=/);
  const doc = await timestamps();
  const published = doc.segments.flatMap((s) => s.parts).find((p) => p.msn === msn && p.part === part);
  assert.ok(published !== undefined, `part ${msn}.${part} in timestamps.json`);
  assert.ok(text.includes(`URI="${published.uri}"`), 'the answer lists the awaited part');
  const lag = answered - published.publish;
  t.diagnostic(`blocking reload answered ${lag.toFixed(2)} ms after the part's publish (client side)`);
  // The server answers in the publishing call itself: its own age of the playlist version at
  // response start (Server-Timing `age`) is what "the moment the part exists" means. The client
  // side shares a loaded 2-core machine, so it only gets a sanity bound.
  const timing = response.headers.get('server-timing') ?? '';
  const hold = Number(/hold;dur=([\d.]+)/.exec(timing)?.[1]);
  const age = Number(/age;dur=([\d.]+)/.exec(timing)?.[1]);
  assert.ok(hold > 0, `the request was held (${timing})`);
  assert.ok(age < 10, `answered ${age} ms after the part was published (${timing})`);
  assert.ok(lag >= 0 && lag < 250, `answered ${lag.toFixed(1)} ms after publish`);
});

test('a preload-hinted part is held until complete, then sent whole with the bytes the part has', async () => {
  // Take the hint from the playlist answered the moment a part is published: it is fresh.
  const next = nextPart(await playlistText());
  const { uri } = nextPart(await playlistText(`?_HLS_msn=${next.msn}&_HLS_part=${next.part}`));
  const start = serverClock();
  const { response, bytes } = await get(uri);
  const end = serverClock();
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-length'), String(bytes.byteLength), 'sent whole, length known');
  const part = (await timestamps()).segments.flatMap((s) => s.parts).find((p) => p.uri === uri);
  assert.ok(part !== undefined);
  assert.ok(part.publish >= start - 1 && part.publish <= end, 'held until the part was published');
  assert.ok(Number(/hold;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]) > 0);
  const again = await get(uri);
  assert.deepEqual(again.bytes, bytes);
});

test('the parts of a segment decode to the same frames as the segment (ffprobe)', async () => {
  const doc = await timestamps();
  const segment = doc.segments.filter((s) => s.complete && s.parts.length > 0).at(-1);
  assert.ok(segment !== undefined);
  const seg = await get(segment.uri);
  const parts = await Promise.all(segment.parts.map((p) => get(p.uri)));
  assert.deepEqual(Buffer.concat(parts.map((p) => p.bytes)), Buffer.from(seg.bytes), 'segment = its parts');
  const probe = async (file: string, entries: string): Promise<number[]> => {
    const out = await runAsync('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v',
      '-show_entries',
      entries,
      '-of',
      'csv=p=0',
      file,
    ]);
    assert.equal(out.status, 0, out.stderr.toString());
    return out.stdout
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => Number(l.split(',')[0]));
  };
  const segFile = join(dir, 'seg.ts');
  writeFileSync(segFile, seg.bytes);
  const framePts = await probe(segFile, 'frame=pts');
  assert.equal(framePts.length, 30, 'a 1 s segment at 30 fps');
  const partPts: number[] = [];
  for (const [i, p] of parts.entries()) {
    const file = join(dir, `part${i}.ts`);
    writeFileSync(file, p.bytes);
    partPts.push(...(await probe(file, 'packet=pts')));
  }
  assert.deepEqual(partPts, framePts);
  assert.equal(framePts[0], segment.firstPts % 2 ** 33);
  // Each part's first frame is the one timestamps.json names.
  let offset = 0;
  for (const [i, p] of segment.parts.entries()) {
    assert.equal(partPts[offset], p.firstPts % 2 ** 33, `part ${i}`);
    offset += p.frameCaptures.length;
  }
});

test('the frame code decodes from FFmpeg-decoded frames of a served segment to its capture times', async () => {
  const doc = await timestamps();
  const layout = doc.stream.frameCode;
  assert.ok(layout !== null);
  const segment = doc.segments.filter((s) => s.complete).at(-1)!;
  const codes = await frameCodesOf((await get(segment.uri)).bytes, layout);
  const captures = segment.parts.flatMap((p) => p.frameCaptures);
  assert.equal(codes.length, captures.length);
  codes.forEach((code, f) => {
    const expected = codeOf(captures[f]!, layout);
    assert.ok(code !== null && Math.abs(code - expected) <= 1, `frame ${f}: ${code} vs ${expected}`);
  });
});

/** Each complete segment was completed in the same push as its last part: with its last frame
 *  (FFmpeg's fixed GOP promises the keyframe after it), not a frame interval later. */
function assertSegmentsCompleteWithLastFrame(streamer: TestServe['streamer']): void {
  const complete = streamer.packager.window.segments.filter((s) => s.complete);
  assert.ok(complete.length >= 2, `${complete.length} complete segments`);
  for (const segment of complete) {
    const last = segment.parts.at(-1)!;
    assert.equal(segment.publish, last.publish, `msn ${segment.msn}`);
    assert.equal(segment.parts[0]!.independent, true, `msn ${segment.msn}`);
  }
  assert.equal(streamer.packager.stats.gopMismatches, 0);
}

test('a segment completes with its last frame: FFmpeg keeps the fixed GOP the packager relies on', () => {
  assertSegmentsCompleteWithLastFrame(serve.streamer);
});

test('--no-parts: the same, so a segment is listed a frame interval sooner than its next keyframe', async () => {
  const plain = await startTestServe({ parts: false });
  try {
    await new Promise((r) => setTimeout(r, 3500));
    assertSegmentsCompleteWithLastFrame(plain.streamer);
    assert.doesNotMatch(await (await fetch(plain.url)).text(), /EXT-X-PART/);
  } finally {
    await plain.close();
  }
});

test('timestamps.json agrees with EXT-X-PROGRAM-DATE-TIME', async () => {
  const manifest = parse(await playlistText());
  const doc = await timestamps();
  let compared = 0;
  for (const [i, segment] of manifest.segments.entries()) {
    const entry = doc.segments.find((s) => s.msn === (manifest.mediaSequence ?? 0) + i);
    if (entry === undefined) continue;
    const pdt = Date.parse(segment.dateTimeString!);
    assert.ok(
      Math.abs(pdt - entry.programDateTime) < 1,
      `msn ${entry.msn}: PDT ${pdt} vs ${entry.programDateTime}`,
    );
    assert.ok(Math.abs(entry.capture - entry.parts[0]!.capture) < 1e-6);
    compared++;
  }
  assert.ok(compared >= 3);
  assert.equal(doc.stream.captureSource, 'wallclock');
  assert.equal(doc.stream.source, 'test');
});

test('bad requests: 400 for _HLS_part without _HLS_msn, too far ahead, or bad values; 404 for unknown paths', async () => {
  const manifest = parse(await playlistText());
  const last = (manifest.mediaSequence ?? 0) + manifest.segments.length - 1;
  assert.equal((await fetch(`${serve.url}?_HLS_part=1`)).status, 400);
  assert.equal((await fetch(`${serve.url}?_HLS_msn=${last + 10}`)).status, 400);
  assert.equal((await fetch(`${serve.url}?_HLS_msn=abc`)).status, 400);
  // last + 2, not last + 1: segment last + 1 may complete between the playlist fetch and this
  // request, and a part index past a complete segment's parts means the next segment's part 0.
  assert.equal((await fetch(`${serve.url}?_HLS_msn=${last + 2}&_HLS_part=500`)).status, 400);
  assert.equal((await fetch(`${serve.origin}/nope.m3u8`)).status, 404);
  assert.equal((await fetch(`${serve.origin}/part99999999.ts`)).status, 404);
  assert.equal((await fetch(`${serve.origin}/../../etc/passwd`)).status, 404);
});
