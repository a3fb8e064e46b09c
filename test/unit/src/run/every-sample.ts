import type {
  ClientKind,
  ErrorSample,
  EventSample,
  FrameSample,
  MediaSample,
  PlayerSample,
  PlaylistSample,
  PlayoutSample,
  RunInfo,
  Sample,
  StallSample,
} from '../../../../src/run/types.js';

/** Builders for one sample of each type, every field set, so schema and types can be compared. */
export function mediaSample(t: number, over: Partial<MediaSample> = {}): MediaSample {
  return {
    type: 'media',
    t,
    client: 'node',
    viewer: 0,
    kind: 'part',
    uri: 'http://127.0.0.1:1/seg5.part2.ts',
    msn: 5,
    part: 2,
    hinted: true,
    status: 200,
    bytes: 2000,
    timing: { start: t - 50, firstByte: t - 10, end: t },
    duration: 0.2,
    capture: t - 300,
    captureSource: 'timestamps',
    publish: t - 40,
    capture_to_first_byte: 290,
    capture_to_last_byte: 300,
    delivery: 40,
    transfer: 'whole',
    serverTiming: { publish: 1.5 },
    error: null,
    ...over,
  };
}

export function playlistSample(t: number, over: Partial<PlaylistSample> = {}): PlaylistSample {
  return {
    type: 'playlist',
    t,
    client: 'node',
    viewer: 0,
    uri: 'http://127.0.0.1:1/live.m3u8?_HLS_msn=5&_HLS_part=3',
    request: { msn: 5, part: 3, skip: true },
    status: 200,
    timing: { start: t - 180, firstByte: t - 2, end: t },
    playlist_hold: 177,
    mediaSequence: 1,
    lastMsn: 4,
    lastPart: { msn: 5, part: 3 },
    skipped: 0,
    bytes: 900,
    serverTiming: null,
    error: null,
    ...over,
  };
}

export function frameSample(t: number, over: Partial<FrameSample> = {}): FrameSample {
  return {
    type: 'frame',
    t,
    client: 'browser',
    viewer: 0,
    display: t,
    mediaTime: 12.3,
    frameCode: 4242,
    captureByCode: t - 420,
    captureByPdt: t - 415,
    capture_to_display: 420,
    capture_to_display_pdt: 415,
    captureSource: 'frame-code',
    ...over,
  };
}

export function playoutSample(t: number, over: Partial<PlayoutSample> = {}): PlayoutSample {
  return {
    type: 'playout',
    t,
    client: 'node',
    viewer: 0,
    msn: 5,
    part: 2,
    display: t,
    capture: t - 600,
    estimated_display: 600,
    ...over,
  };
}

export function playerSample(t: number, over: Partial<PlayerSample> = {}): PlayerSample {
  return {
    type: 'player',
    t,
    client: 'browser',
    viewer: 0,
    latency: 0.55,
    targetLatency: 0.5,
    drift: 1,
    playbackRate: 1,
    bufferAhead: 0.3,
    droppedFrames: 0,
    totalFrames: 300,
    ...over,
  };
}

export function stallSample(t: number, over: Partial<StallSample> = {}): StallSample {
  return { type: 'stall', t, client: 'browser', viewer: 0, start: t, end: t + 250, durationMs: 250, ...over };
}

export function eventSample(
  t: number,
  name: string,
  detail: Record<string, unknown> = {},
  client: ClientKind = 'browser',
): EventSample {
  return { type: 'event', t, client, viewer: 0, name, detail };
}

export function errorSample(t: number, over: Partial<ErrorSample> = {}): ErrorSample {
  return {
    type: 'error',
    t,
    client: 'node',
    viewer: 0,
    code: 'network',
    message: 'ECONNRESET',
    fatal: false,
    uri: null,
    ...over,
  };
}

/** One sample of every type in the Sample union. */
export function everySample(t: number): Sample[] {
  return [
    mediaSample(t),
    playlistSample(t),
    frameSample(t),
    playoutSample(t),
    playerSample(t),
    stallSample(t),
    eventSample(t, 'startup', { startupMs: 180 }),
    errorSample(t),
  ];
}

/** A RunInfo with every field set (clock measured, both clients). */
export function runInfo(over: Partial<RunInfo> = {}): RunInfo {
  const startedAt = 1_700_000_000_000;
  return {
    schema: 'llhls.run/1',
    id: '20231114-221320-test',
    label: 'test',
    url: 'http://127.0.0.1:1/live.m3u8',
    tool: { name: 'llhls', version: '0.1.0' },
    command: ['measure', '--url', 'http://127.0.0.1:1/live.m3u8'],
    clients: [
      { kind: 'node', viewers: 2, config: { timeoutMs: 15000 } },
      {
        kind: 'browser',
        player: { name: 'hls.js', version: '1.7.4', config: { lowLatencyMode: true } },
        browser: { name: 'chromium', version: '156', executablePath: '/usr/bin/chromium', headed: false },
      },
    ],
    host: { hostname: 'h', platform: 'linux', arch: 'x64', cpus: 2, node: 'v20.20.2' },
    stream: { codec: 'avc1.42c01f' },
    streamer: null,
    clock: {
      before: {
        method: 'http-time',
        offsetMs: 1.5,
        uncertaintyMs: 0.2,
        measuredAt: startedAt,
        probes: 8,
        bestRttMs: 0.4,
      },
      after: {
        method: 'http-time',
        offsetMs: 1.7,
        uncertaintyMs: 0.2,
        measuredAt: startedAt + 30_000,
        probes: 8,
        bestRttMs: 0.4,
        note: 'x',
      },
      driftMs: 0.2,
      appliedOffsetMs: 1.5,
      warnings: [],
    },
    startedAt,
    endedAt: startedAt + 30_000,
    durationMs: 30_000,
    warmupMs: 10_000,
    status: 'complete',
    error: null,
    signal: null,
    tls: { insecure: false, ca: null },
    files: { samples: 'samples.jsonl', summary: 'summary.json' },
    ...over,
  };
}
