/** Builders for the findings' spec tests: observations from playlist text, no network. */
import type {
  MediaObservation,
  Observations,
  PlaylistObservation,
} from '../../../src/client/observations.js';
import type { MediaPlaylist } from '../../../src/hls/media-playlist.js';
import { parsePlaylist } from '../../../src/hls/parse-playlist.js';

export function pl(
  text: string,
  request: Partial<PlaylistObservation['request']> = {},
  timing: { start?: number; headers?: number | null; status?: number } = {},
): PlaylistObservation {
  const start = timing.start ?? 0;
  const headers = timing.headers === undefined ? start + 1 : timing.headers;
  return {
    request: { msn: null, part: null, skip: false, probe: false, ...request },
    start,
    headers,
    end: headers,
    status: timing.status ?? 200,
    error: headers === null ? 'UND_ERR_HEADERS_TIMEOUT' : null,
    errorKind: headers === null ? 'timeout' : null,
    playlist: text === '' ? null : (parsePlaylist(text) as MediaPlaylist),
    holdMs: headers === null ? null : headers - start,
    pacing: null,
  };
}

export function media(fields: Partial<MediaObservation> & Pick<MediaObservation, 'uri'>): MediaObservation {
  return {
    msn: 0,
    part: 0,
    hinted: false,
    status: 200,
    error: null,
    errorKind: null,
    bytes: 100,
    transfer: 'whole',
    start: 0,
    end: 1,
    ...fields,
  };
}

export function obs(playlists: PlaylistObservation[], mediaList: MediaObservation[] = []): Observations {
  return { playlists, media: mediaList };
}

/** An LL-HLS playlist: `segments` complete segments of `parts` parts from msn `first`, then `tail` parts. */
export function llPlaylist(options: {
  first?: number;
  segments?: number;
  parts?: number;
  tail?: number;
  partDuration?: number;
  partTarget?: number;
  partHoldBack?: number | null;
  targetDuration?: number;
  canSkipUntil?: number | null;
  skipped?: number;
  pdt?: (msn: number) => number | null;
  hint?: boolean;
  lastPartDuration?: number;
}): string {
  const first = options.first ?? 10;
  const segments = options.segments ?? 3;
  const parts = options.parts ?? 4;
  const d = options.partDuration ?? 0.25;
  const target = options.partTarget ?? 0.25;
  const phb = options.partHoldBack === undefined ? 3 * target : options.partHoldBack;
  const control = ['CAN-BLOCK-RELOAD=YES'];
  if (phb !== null) control.push(`PART-HOLD-BACK=${phb}`);
  if (options.canSkipUntil != null) control.push(`CAN-SKIP-UNTIL=${options.canSkipUntil}`);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${options.targetDuration ?? 1}`,
    `#EXT-X-SERVER-CONTROL:${control.join(',')}`,
    `#EXT-X-PART-INF:PART-TARGET=${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
  ];
  const skipped = options.skipped ?? 0;
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  const lastD = options.lastPartDuration ?? d;
  for (let msn = first + skipped; msn < first + segments; msn += 1) {
    const pdt = options.pdt?.(msn) ?? null;
    if (pdt !== null) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pdt).toISOString()}`);
    let total = 0;
    for (let i = 0; i < parts; i += 1) {
      const dur = i === parts - 1 ? lastD : d;
      total += dur;
      lines.push(`#EXT-X-PART:DURATION=${dur},URI="p${msn}.${i}.ts"${i === 0 ? ',INDEPENDENT=YES' : ''}`);
    }
    lines.push(`#EXTINF:${total.toFixed(5)},`, `s${msn}.ts`);
  }
  const tailMsn = first + segments;
  const tail = options.tail ?? 1;
  for (let i = 0; i < tail; i += 1) {
    lines.push(`#EXT-X-PART:DURATION=${d},URI="p${tailMsn}.${i}.ts"${i === 0 ? ',INDEPENDENT=YES' : ''}`);
  }
  if (options.hint !== false) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p${tailMsn}.${tail}.ts"`);
  return `${lines.join('\n')}\n`;
}
