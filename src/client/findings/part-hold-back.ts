import { type Finding, FindingStatus } from '../../run/types.js';
import type { Observations } from '../observations.js';
import { Tally, toFinding } from './finding.js';

/**
 * PART-HOLD-BACK at least twice PART-TARGET (4.4.3.8: "PART-HOLD-BACK ... MUST be at least twice
 * the Part Target Duration. Its value SHOULD be at least three times the Part Target Duration.").
 * Below 2x fails; between 2x and 3x warns. Missing with parts listed fails (it is REQUIRED when
 * the playlist contains EXT-X-PART-INF).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.8
 */
export function checkPartHoldBack(observations: Observations): Finding {
  const must = new Tally();
  const should = new Tally();
  const seen = new Set<string>();
  for (const o of observations.playlists) {
    const playlist = o.playlist;
    if (playlist === null || playlist.partTarget === null) continue;
    const phb = playlist.serverControl?.partHoldBack ?? null;
    const target = playlist.partTarget;
    const key = `${phb}/${target}`;
    if (seen.has(key)) continue; // one verdict per distinct pair, not per reload
    seen.add(key);
    must.check(phb !== null && phb >= 2 * target - 1e-9, () =>
      phb === null
        ? `PART-HOLD-BACK missing with PART-TARGET ${target} s`
        : `PART-HOLD-BACK ${phb} s < 2 x PART-TARGET ${target} s`,
    );
    if (phb !== null && phb >= 2 * target - 1e-9) {
      should.check(phb >= 3 * target - 1e-9, () => `PART-HOLD-BACK ${phb} s < 3 x PART-TARGET ${target} s`);
    }
  }
  if (must.failed === 0 && should.failed > 0) {
    return toFinding('part-hold-back', 'PART-HOLD-BACK >= 2 x PART-TARGET', '4.4.3.8', should, {
      failAs: FindingStatus.Warn,
    });
  }
  return toFinding('part-hold-back', 'PART-HOLD-BACK >= 2 x PART-TARGET', '4.4.3.8', must, {
    skipReason: 'no EXT-X-PART-INF seen',
  });
}
