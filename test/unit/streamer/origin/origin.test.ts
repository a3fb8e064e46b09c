import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseM3u8 } from '../packager/parse-m3u8.js';
import { makePackager } from '../packager/synthetic-stream.js';
import { clock, get, type Harness, sleep, startOrigin, waitFor } from './origin-harness.js';

describe('origin over HTTP/1.1', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin({
      extraRoutes: {
        '/player': (_req, res) => {
          res.end('player');
        },
      },
    });
    h.push(75); // seg0, seg1 complete; seg2 parts 0..4; hint part25
  });
  after(() => h.origin.close());

  it('serves the playlist with CORS, Server-Timing, a short max-age, and the LL-HLS tags', async () => {
    for (const path of ['/playlist.m3u8', '/live.m3u8']) {
      const r = await get(h.base + path);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/vnd.apple.mpegurl');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.match(String(r.headers['access-control-expose-headers']), /Server-Timing/);
      assert.match(
        String(r.headers['server-timing']),
        /^hold;dur=[\d.]+, age;dur=[\d.]+, publish;desc="[\d.]+", version;desc="\d+"$/,
      );
      assert.equal(r.headers['cache-control'], 'public, max-age=1');
      assert.equal(parseM3u8(r.text).segments.length, 2);
    }
  });

  it('gzips playlists and timestamps.json when the client accepts it', async () => {
    const plain = await get(`${h.base}/playlist.m3u8`);
    const zipped = await get(`${h.base}/playlist.m3u8`, { 'accept-encoding': 'gzip, br' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'Accept-Encoding');
    assert.equal(zipped.text, plain.text);
    assert.ok(zipped.body.length < plain.body.length);
    const ts = await get(`${h.base}/timestamps.json`, { 'accept-encoding': 'gzip' });
    assert.equal(ts.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(ts.text).schema, 'llhls.timestamps/1');
    assert.equal(ts.headers['cache-control'], 'no-store');
  });

  it('answers OPTIONS (CORS preflight) with 204', async () => {
    const r = await get(`${h.base}/playlist.m3u8`, { origin: 'http://example.test' }, 'OPTIONS');
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(String(r.headers['access-control-allow-methods']), /GET/);
  });

  it('serves parts and segments; a segment is its parts concatenated', async () => {
    const part = await get(`${h.base}/part3.ts`);
    assert.equal(part.status, 200);
    assert.equal(part.headers['content-type'], 'video/mp2t');
    assert.deepEqual(part.body, Buffer.from(h.packager.window.segments[0]!.parts[3]!.bytes));
    assert.match(String(part.headers['server-timing']), /publish;desc=/);
    const segment = await get(`${h.base}/seg0.ts`);
    const parts = await Promise.all([...Array(10).keys()].map((i) => get(`${h.base}/part${i}.ts`)));
    assert.deepEqual(segment.body, Buffer.concat(parts.map((p) => p.body)));
    assert.equal(segment.headers['cache-control'], 'public, max-age=60');
  });

  it('reads request targets as a URL parser does: dot segments, queries, fragments', async () => {
    const direct = await get(`${h.base}/part3.ts`);
    assert.equal(direct.headers['access-control-allow-origin'], '*');
    assert.match(String(direct.headers['access-control-expose-headers']), /Server-Timing/);
    assert.equal(direct.headers['content-length'], String(direct.body.length));
    for (const path of ['/x/../part3.ts', '/./part3.ts', '/part3.ts?cachebust=1', '/part3.ts#frag']) {
      const r = await get(h.base + path);
      assert.equal(r.status, 200, path);
      assert.deepEqual(r.body, direct.body, path);
    }
    const blocking = await get(`${h.base}/./playlist.m3u8?_HLS_msn=1&_HLS_part=2&x=%20`);
    assert.equal(blocking.status, 200);
    assert.equal(blocking.headers['cache-control'], 'public, max-age=60');
  });

  it('a request target that is no URL (http://[/x) gets 400, not 500', async () => {
    const { port } = new URL(h.base);
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET http://[/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (c: Buffer) => (text += c));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(response, /^HTTP\/1\.1 400 /);
    assert.match(response, /400 bad request target/);
  });

  it('reports every answered request to its listeners', async () => {
    const records: Array<{ method: string; path: string; status: number; aborted: boolean }> = [];
    const off = h.origin.on('request', (r) => records.push(r));
    await get(`${h.base}/part3.ts?x=1`);
    await get(`${h.base}/nope`);
    await waitFor(() => records.length === 2);
    off();
    assert.deepEqual(
      records.map((r) => [r.method, r.path, r.status, r.aborted]),
      [
        ['GET', '/part3.ts', 200, false],
        ['GET', '/nope', 404, false],
      ],
    );
  });

  it('404s unknown paths, the future, and anything that looks like a file path', async () => {
    for (const path of [
      '/nope',
      '/part99.ts',
      '/seg9.ts',
      '/../package.json',
      '/%2e%2e/package.json',
      '/streamer/origin/origin.ts',
      '//etc/passwd',
      '/part1.ts/x',
    ]) {
      const r = await get(h.base + path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.ok(r.headers['server-timing'] !== undefined);
    }
  });

  it('400s bad _HLS_ values at once', async () => {
    for (const query of [
      '_HLS_part=1',
      '_HLS_msn=x',
      '_HLS_msn=-1',
      '_HLS_msn=2&_HLS_part=1.5',
      '_HLS_skip=maybe',
      '_HLS_msn=5',
      '_HLS_msn=2&_HLS_part=40',
    ]) {
      const r = await get(`${h.base}/playlist.m3u8?${query}`);
      assert.equal(r.status, 400, query);
      assert.ok(r.end - r.start < 1000, query);
    }
  });

  it('/time, /healthz and extra routes', async () => {
    const before = clock();
    const t = await get(`${h.base}/time`);
    const after = clock();
    const body = JSON.parse(t.text) as { receive: number; send: number };
    assert.ok(before <= body.receive && body.receive <= body.send && body.send <= after);
    assert.equal(t.headers['cache-control'], 'no-store');
    const healthz = await get(`${h.base}/healthz`);
    assert.equal(healthz.status, 200);
    const health = JSON.parse(healthz.text);
    assert.equal(health.status, 'ok');
    assert.deepEqual(health.lastPart.msn, 2);
    const player = await get(`${h.base}/player`);
    assert.equal(player.text, 'player');
    assert.equal(player.headers['access-control-allow-origin'], '*');
  });

  it('/healthz answers 503 while there is nothing to serve (no-media, refused), 200 otherwise', async () => {
    let health: { state: string; reason: string | null } = {
      state: 'no-media',
      reason: 'no MPEG-TS in 200 kB read',
    };
    const own = await startOrigin({ health: () => health });
    try {
      const noMedia = await get(`${own.base}/healthz`);
      assert.equal(noMedia.status, 503);
      assert.deepEqual(
        [JSON.parse(noMedia.text).status, JSON.parse(noMedia.text).reason],
        ['no-media', 'no MPEG-TS in 200 kB read'],
      );
      health = { state: 'refused', reason: 'MPEG-2 video' };
      assert.equal((await get(`${own.base}/healthz`)).status, 503);
      health = { state: 'starting', reason: null };
      assert.equal((await get(`${own.base}/healthz`)).status, 200);
    } finally {
      await own.origin.close();
    }
  });

  it('rejects other methods with 405', async () => {
    assert.equal((await get(`${h.base}/playlist.m3u8`, {}, 'POST')).status, 405);
  });
});

describe('held requests', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin();
    h.push(33); // seg0 complete; seg1 part 0 published (frames 30..32); hint part11
  });
  after(() => h.origin.close());

  it('a blocking request for the next part returns right when it is published, with the next hint', async () => {
    const pending = get(`${h.base}/playlist.m3u8?_HLS_msn=1&_HLS_part=1`);
    await waitFor(() => h.origin.heldRequests === 1);
    await sleep(50);
    h.push(3);
    const publish = h.packager.window.lastPart!.publish;
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'public, max-age=60');
    const m = parseM3u8(r.text);
    assert.equal(m.preloadSegment?.parts?.length, 2);
    assert.equal(m.preloadSegment?.preloadHints?.[0]?.uri, 'part12.ts');
    // Held until the publish, answered right after it (event-driven, not a poll tick).
    assert.ok(r.firstByte >= publish, `${r.firstByte} < ${publish}`);
    const lag = r.end - publish;
    assert.ok(lag < 50, `answered ${lag.toFixed(1)} ms after publish`);
    const hold = Number(/hold;dur=([\d.]+)/.exec(String(r.headers['server-timing']))![1]);
    assert.ok(hold >= 50, `hold ${hold}`);
  });

  it('a preload-hinted part is held until complete, then sent whole', async () => {
    const hint = h.packager.window.hint!;
    const pending = get(`${h.base}/${hint.uri}`);
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(1);
    await sleep(30);
    h.push(2);
    const r = await pending;
    const part = h.packager.window.lastPart!;
    assert.equal(part.number, hint.number);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, Buffer.from(part.bytes));
    assert.ok(r.firstByte >= part.publish, 'no byte before the part was complete');
    assert.equal(r.headers['content-length'], String(part.bytes.length));
  });

  it('40 held reloads and 40 held hinted parts take one listener each, and one publish releases them all', async () => {
    const w = h.packager.window;
    const next = w.lastPart!;
    const hint = w.hint!;
    const reloads = Array.from({ length: 40 }, () =>
      get(`${h.base}/playlist.m3u8?_HLS_msn=${next.msn}&_HLS_part=${next.index + 1}`),
    );
    const hinted = Array.from({ length: 40 }, () => get(`${h.base}/${hint.uri}`));
    await waitFor(() => h.origin.heldRequests === 80);
    // One listener for every held reload, one per event for every held hinted part.
    assert.equal(w.listenerCount('update'), 1);
    assert.equal(w.listenerCount('part'), 1);
    assert.equal(w.listenerCount('hint'), 1);
    h.push(3);
    const answers = await Promise.all([...reloads, ...hinted]);
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200]));
    assert.ok(answers.slice(40).every((r) => r.body.equals(Buffer.from(w.lastPart!.bytes))));
    assert.equal(h.origin.heldRequests, 0);
    assert.equal(w.listenerCount('update'), 0);
    assert.equal(w.listenerCount('part'), 0);
    assert.equal(w.listenerCount('hint'), 0);
  });

  it('a client that disconnects during a held request leaks nothing', async () => {
    const listeners = h.packager.window.listenerCount('update');
    const hintListeners = h.packager.window.listenerCount('part');
    for (const path of ['/playlist.m3u8?_HLS_msn=3', `/${h.packager.window.hint!.uri}`]) {
      const req = httpRequest(h.base + path, { agent: false });
      req.on('error', () => {});
      req.end();
      await waitFor(() => h.origin.heldRequests === 1);
      req.destroy();
      await waitFor(() => h.origin.heldRequests === 0);
    }
    assert.equal(h.packager.window.listenerCount('update'), listeners);
    assert.equal(h.packager.window.listenerCount('part'), hintListeners);
    assert.equal(h.packager.window.listenerCount('hint'), 0);
  });
});

describe('hint streaming', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin({ hintStreaming: true });
    h.push(31);
  });
  after(() => h.origin.close());

  it('delivers the hinted part’s first bytes before the part is complete', async () => {
    const hint = h.packager.window.hint!;
    const firstChunk = new Promise<number>((resolve) => {
      const req = httpRequest(`${h.base}/${hint.uri}`, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.once('data', () => resolve(clock()));
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(Buffer.concat(chunks)));
      });
      req.end();
    });
    let done: (body: Buffer) => void = () => {};
    const body = new Promise<Buffer>((r) => {
      done = r;
    });
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(1); // frame 31 completes (the hinted part holds frames 30, 31 so far)
    const first = await firstChunk;
    await sleep(30);
    h.push(1); // frame 32 completes it
    const part = h.packager.window.lastPart!;
    assert.equal(part.number, hint.number);
    assert.ok(first < part.publish, 'first bytes arrived before the part was complete');
    assert.deepEqual(await body, Buffer.from(part.bytes));
  });

  it('a client that goes away mid-stream leaks nothing', async () => {
    const hint = h.packager.window.hint!;
    const req = httpRequest(`${h.base}/${hint.uri}`, { agent: false }, (res) => res.resume());
    req.on('error', () => {});
    req.end();
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(1);
    req.destroy();
    await waitFor(() => h.origin.heldRequests === 0);
    assert.equal(h.packager.window.listenerCount('hint-data'), 0);
    assert.equal(h.packager.window.listenerCount('part'), 0);
    h.push(3); // the packager goes on; nothing writes to the closed response
  });
});

describe('--no-parts', () => {
  let h: Harness;
  before(async () => {
    h = await startOrigin({}, makePackager({ parts: false }));
    h.push(61);
  });
  after(() => h.origin.close());

  it('serves a classic playlist, blocks on _HLS_msn, rejects _HLS_part, and serves no parts', async () => {
    const r = await get(`${h.base}/playlist.m3u8`);
    assert.doesNotMatch(r.text, /EXT-X-PART|PRELOAD-HINT/);
    assert.equal(parseM3u8(r.text).segments.length, 2);
    assert.equal((await get(`${h.base}/playlist.m3u8?_HLS_msn=2&_HLS_part=0`)).status, 400);
    assert.equal((await get(`${h.base}/part0.ts`)).status, 404);
    assert.equal((await get(`${h.base}/seg1.ts`)).status, 200);
    const pending = get(`${h.base}/playlist.m3u8?_HLS_msn=2`);
    await waitFor(() => h.origin.heldRequests === 1);
    h.push(30);
    const held = await pending;
    assert.equal(held.status, 200);
    assert.equal(parseM3u8(held.text).segments.at(-1)!.uri, 'seg2.ts');
  });
});
