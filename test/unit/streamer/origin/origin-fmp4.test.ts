import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TsDemuxer } from '../../../../streamer/mpegts/ts-demuxer.js';
import { StreamCodec } from '../../../../streamer/mpegts/types.js';
import { Origin } from '../../../../streamer/origin/origin.js';
import { servedMedia } from '../../../../streamer/origin/served-media.js';
import { Container } from '../../../../streamer/packager/container.js';
import { Packager } from '../../../../streamer/packager/packager.js';
import { readMp4 } from '../../../helpers/mp4-reader.js';
import { demux, fixture } from '../mpegts/helpers.js';
import { parseM3u8 } from '../packager/parse-m3u8.js';
import { frames, makePackager, program } from '../packager/synthetic-stream.js';
import { clock, get, sleep, stream } from './origin-harness.js';

/** h264-aac (320x180, 30 fps, AAC) packaged in `container`, served by an origin on port 0. */
async function serveCapture(
  container: Container,
): Promise<{ origin: Origin; base: string; packager: Packager }> {
  const packager = new Packager({
    container,
    segmentTarget: 1,
    partTarget: 0.1,
    captureTime: (pts) => pts / 90,
  });
  const payloads = container === Container.Fmp4 ? [StreamCodec.H264, StreamCodec.AAC] : [StreamCodec.AAC];
  const { events } = demux(fixture('h264-aac.mpegts'), [1316], new TsDemuxer({ payloads }));
  packager.push(events, clock());
  packager.flush(clock());
  const origin = new Origin({
    media: servedMedia(packager),
    now: clock,
    stream: { ...stream, codecs: 'avc1.42c00d', width: 320, height: 180 },
  });
  const address = await origin.listen();
  return { origin, base: address.url, packager };
}

describe('origin with --container fmp4', () => {
  let served: Awaited<ReturnType<typeof serveCapture>>;
  before(async () => {
    served = await serveCapture(Container.Fmp4);
  });
  after(() => served.origin.close());

  it('serves the init segment named by EXT-X-MAP, and .m4s parts and segments, as video/mp4', async () => {
    const playlist = await get(`${served.base}/playlist.m3u8`);
    assert.match(playlist.text, /#EXT-X-MAP:URI="init0\.mp4"/);
    const init = await get(`${served.base}/init0.mp4`);
    assert.equal(init.status, 200);
    assert.equal(init.headers['content-type'], 'video/mp4');
    assert.equal(init.headers['access-control-allow-origin'], '*');
    assert.deepEqual(readMp4(new Uint8Array(init.body)).boxes, ['ftyp', 'moov']);
    const manifest = parseM3u8(playlist.text);
    const part = manifest.segments[0]!.parts![0]!;
    assert.equal(part.uri, 'part0.m4s');
    for (const uri of [part.uri, manifest.segments[0]!.uri]) {
      const r = await get(`${served.base}/${uri}`);
      assert.equal(r.status, 200, uri);
      assert.equal(r.headers['content-type'], 'video/mp4');
      assert.equal(r.body.subarray(4, 8).toString(), 'moof');
      assert.match(String(r.headers['server-timing']), /publish;desc=/);
    }
  });

  it('answers 404 for MPEG-TS names and for init segments it never made', async () => {
    for (const path of ['/part0.ts', '/seg0.ts', '/init7.mp4', '/init0.m4s']) {
      assert.equal((await get(served.base + path)).status, 404, path);
    }
  });

  it('/master.m3u8: one variant with BANDWIDTH and AVERAGE-BANDWIDTH from the segments, CODECS with the audio, RESOLUTION, FRAME-RATE', async () => {
    const r = await get(`${served.base}/master.m3u8`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/vnd.apple.mpegurl');
    const sizes = served.packager.window.segments.map((s) => s.parts.reduce((n, p) => n + p.bytes.length, 0));
    const seconds = served.packager.window.segments.map((s) => s.duration);
    const peak = Math.ceil(Math.max(...sizes.map((b, i) => (8 * b) / seconds[i]!)));
    const average = Math.ceil((8 * sizes.reduce((a, b) => a + b)) / seconds.reduce((a, b) => a + b));
    assert.equal(
      r.text,
      `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average},CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=320x180,FRAME-RATE=30.000\nplaylist.m3u8\n`,
    );
  });
});

describe('/master.m3u8 with MPEG-TS, and before any segment is complete', () => {
  it('MPEG-TS: the same variant, CODECS from the SPS and the ADTS header', async () => {
    const served = await serveCapture(Container.Ts);
    try {
      const r = await get(`${served.base}/master.m3u8`);
      assert.match(
        r.text,
        /CODECS="avc1\.42c00d,mp4a\.40\.2",RESOLUTION=320x180,FRAME-RATE=30\.000\nplaylist\.m3u8\n$/,
      );
    } finally {
      await served.origin.close();
    }
  });

  it('is held until the first segment completes (BANDWIDTH must be measured), then answered', async () => {
    const packager = makePackager();
    const origin = new Origin({ media: servedMedia(packager), now: clock, stream });
    const { url } = await origin.listen();
    try {
      packager.push([{ type: 'program', program: program() }], clock());
      const pending = get(`${url}/master.m3u8`);
      await sleep(50);
      for (const frame of frames(40)) packager.push(frame.events, clock());
      const r = await pending;
      assert.equal(r.status, 200);
      assert.ok(r.end - r.start >= 40, `held ${r.end - r.start} ms`);
      assert.match(
        r.text,
        /^#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=1280x720,FRAME-RATE=30\.000\n/,
      );
    } finally {
      await origin.close();
    }
  });
});
