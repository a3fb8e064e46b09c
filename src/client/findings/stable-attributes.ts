import type { Finding } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { Tally, toFinding } from './finding.js';

/**
 * TARGETDURATION, PART-TARGET and PART-HOLD-BACK unchanged across reloads (6.2.1: "The
 * EXT-X-TARGETDURATION value ... MUST NOT change"; the part target and hold-back a client planned
 * its position with must hold as well).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export function checkStableAttributes(observations: Observations): Finding {
  const tally = new Tally();
  let first: Record<string, number | null> | null = null;
  for (const o of observations.playlists) {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) continue;
    const current: Record<string, number | null> = {
      TARGETDURATION: playlist.targetDuration,
      'PART-TARGET': playlist.partTarget,
      'PART-HOLD-BACK': playlist.serverControl?.partHoldBack ?? null,
    };
    if (first === null) {
      first = current;
      continue;
    }
    const base = first;
    for (const [name, value] of Object.entries(current)) {
      tally.check(value === base[name], () => `${name} changed from ${base[name]} to ${value}`);
    }
  }
  return toFinding(
    'stable-attributes',
    'TARGETDURATION / PART-TARGET / PART-HOLD-BACK unchanged',
    '6.2.1',
    tally,
    { skipReason: 'fewer than two playlists received' },
  );
}
