/**
 * The blocking reload of the design before LL-HLS (short CMAF segments from GStreamer, a small
 * server writing the playlist): `?wait=MS&version=N` holds the playlist request until the playlist
 * is newer than version N, or MS milliseconds passed, then answers the playlist as it is. A client
 * learns the version from the previous answer (Server-Timing `version`, /healthz
 * `playlistVersion`). Pure: the origin wires the events and the timer.
 */
export interface VersionWaitRequest {
  /** How long to hold at most (ms); on expiry the current playlist is the answer (200, not 503). */
  waitMs: number;
  /** Answer as soon as the playlist version is greater than this. */
  version: number;
}

export type VersionWaitParse =
  | { ok: true; request: VersionWaitRequest | null }
  | { ok: false; reason: string };

const DECIMAL = /^\d{1,15}$/;

/**
 * Reads `wait` and `version` from a playlist request's query. Neither: not such a request (null).
 * `wait` must not exceed `maxWaitMs` (the origin's hold limit, 3 target durations); each must be
 * one decimal integer; they come together and never with `_HLS_msn` (two ways of blocking at once).
 */
export function parseVersionWait(params: URLSearchParams, maxWaitMs: number): VersionWaitParse {
  const wait = params.getAll('wait');
  const version = params.getAll('version');
  if (wait.length === 0 && version.length === 0) return { ok: true, request: null };
  for (const [name, values] of [
    ['wait', wait],
    ['version', version],
  ] as const) {
    if (values.length !== 1 || !DECIMAL.test(values[0]!)) {
      return {
        ok: false,
        reason: `${name} must be one decimal integer (wait in ms), got ${JSON.stringify(values.join(',')) || 'none'}; ?wait=500&version=N`,
      };
    }
  }
  if (params.has('_HLS_msn')) {
    return { ok: false, reason: 'wait/version and _HLS_msn are two blocking reloads: use one' };
  }
  const waitMs = Number(wait[0]);
  if (waitMs > maxWaitMs) {
    return {
      ok: false,
      reason: `wait=${waitMs} is beyond the hold limit of ${maxWaitMs} ms (3 target durations)`,
    };
  }
  return { ok: true, request: { waitMs, version: Number(version[0]) } };
}

/** Whether the playlist at `current` answers the request now (it is newer than asked). */
export function versionWaitSatisfied(current: number, request: VersionWaitRequest): boolean {
  return current > request.version;
}
