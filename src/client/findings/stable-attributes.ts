import type { Finding } from '../../run/types.js';
import type { Observations, PlaylistObservation } from '../observations.js';
import { type Check, runCheck, Tally, toFinding } from './finding.js';

/**
 * TARGETDURATION, PART-TARGET and PART-HOLD-BACK unchanged across reloads (6.2.1: "The
 * EXT-X-TARGETDURATION value ... MUST NOT change"; the part target and hold-back a client planned
 * its position with must hold as well).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.1
 */
export class StableAttributesCheck implements Check {
  readonly #tally = new Tally();
  #first: Record<string, number | null> | null = null;

  playlist(o: PlaylistObservation): void {
    const playlist = o.playlist;
    if (playlist === null || o.request.probe) return;
    const current: Record<string, number | null> = {
      TARGETDURATION: playlist.targetDuration,
      'PART-TARGET': playlist.partTarget,
      'PART-HOLD-BACK': playlist.serverControl?.partHoldBack ?? null,
    };
    const base = this.#first;
    if (base === null) {
      this.#first = current;
      return;
    }
    for (const [name, value] of Object.entries(current)) {
      this.#tally.check(value === base[name], () => `${name} changed from ${base[name]} to ${value}`);
    }
  }

  finding(): Finding {
    return toFinding(
      'stable-attributes',
      'TARGETDURATION / PART-TARGET / PART-HOLD-BACK unchanged',
      '6.2.1',
      this.#tally,
      { skipReason: 'fewer than two playlists received' },
    );
  }
}

export function checkStableAttributes(observations: Observations): Finding {
  return runCheck(new StableAttributesCheck(), observations);
}
