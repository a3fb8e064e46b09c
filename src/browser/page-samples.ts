import type { ErrorSample, EventSample, PlayerSample, StallSample } from '../run/types.js';
import type { PageError, PageEvent, PageLoad, PageStall, PageState } from './page-report.js';

/** Page records (client epoch ms) → run samples (server clock). Pure. */
type ToServer = (clientEpochMs: number) => number;

const base = { client: 'browser', viewer: 0 } as const;

export function playerSample(s: PageState, toServer: ToServer): PlayerSample {
  return {
    ...base,
    type: 'player',
    t: toServer(s.t),
    latency: s.latency,
    targetLatency: s.targetLatency,
    drift: s.drift,
    playbackRate: s.playbackRate,
    bufferAhead: s.bufferAhead,
    droppedFrames: s.droppedFrames,
    totalFrames: s.totalFrames,
  };
}

export function stallSample(s: PageStall, toServer: ToServer): StallSample {
  const start = toServer(s.start);
  const end = s.end === null ? null : toServer(s.end);
  return {
    ...base,
    type: 'stall',
    t: start,
    start,
    end,
    durationMs: end === null ? null : end - start,
    cause: s.cause,
    bufferAhead: s.bufferAhead,
  };
}

export function eventSample(e: PageEvent, toServer: ToServer): EventSample {
  return { ...base, type: 'event', t: toServer(e.t), name: e.name, detail: e.detail };
}

export function errorSample(e: PageError, toServer: ToServer): ErrorSample {
  return {
    ...base,
    type: 'error',
    t: toServer(e.t),
    code: e.code,
    message: e.message,
    fatal: e.fatal,
    uri: e.uri,
  };
}

/** The player's own view of a load (its loader's timings), next to the network's media samples. */
export function loadSample(l: PageLoad, toServer: ToServer): EventSample {
  const at = (v: number | null): number | null => (v === null ? null : toServer(v));
  return eventSample(
    {
      t: l.start,
      name: 'player-load',
      detail: {
        kind: l.kind,
        uri: l.url,
        msn: l.msn,
        part: l.part,
        bytes: l.bytes,
        timing: { start: toServer(l.start), firstByte: at(l.firstByte), end: at(l.end) },
      },
    },
    toServer,
  );
}
