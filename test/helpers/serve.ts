import { firstPublish } from '../../src/demo/demo-session.js';
import { type RunningStreamer, startStreamer } from '../../streamer/streamer.js';
import type { StreamerOptions } from '../../streamer/streamer-options.js';

/** The test-serve defaults: the real streamer with the test source at 640x360 (cheap on 2 cores),
 *  0.1 s parts, 1 s segments, on 127.0.0.1 port 0. */
export const TEST_SERVE_DEFAULTS: StreamerOptions = {
  source: { kind: 'test' },
  width: 640,
  height: 360,
  frameRate: 30,
  bitrateKbps: 800,
  segmentDuration: 1,
  partDuration: 0.1,
  parts: true,
  windowSegments: 10,
  hintStreaming: false,
  audio: false,
  host: '127.0.0.1',
  port: 0,
  backoff: { initialMs: 200, maxMs: 1000, healthyMs: 5000 },
};

export interface TestServe {
  /** Playlist URL. */
  url: string;
  /** Origin base URL (`http://127.0.0.1:PORT`). */
  origin: string;
  streamer: RunningStreamer;
  close(): Promise<void>;
}

/**
 * Starts `llhls serve` in-process (real FFmpeg, real HTTP on loopback). Resolves once the first
 * part (or segment, with parts off) is published, so a test can request the playlist at once.
 */
export async function startTestServe(overrides: Partial<StreamerOptions> = {}): Promise<TestServe> {
  const streamer = await startStreamer({ ...TEST_SERVE_DEFAULTS, ...overrides });
  try {
    await firstPublish(streamer, 15_000);
  } catch (error) {
    await streamer.close();
    throw error;
  }
  return { url: streamer.url, origin: streamer.origin, streamer, close: () => streamer.close() };
}
