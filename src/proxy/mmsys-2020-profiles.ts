import type { Profile } from './profile.js';

/**
 * The five throughput profiles of the ACM MMSys 2020 Grand Challenge on adaptation for
 * near-second-latency live streaming (Twitch), exactly as the challenge's evaluation ran them.
 *
 * Source: github.com/twitchtv/acm-mmsys-2020-grand-challenge, `normal-network-patterns.js`
 * (commit 3ced4839392bcb0c26d42fc655b8c08bf2e7e604, 2020-03-05), the profiles its
 * `evaluation.md` names for scoring ("the five network profiles defined in
 * normal-network-patterns.js", with the "Normal" ladder of 200, 600 and 1000 kbit/s renditions).
 * Its `run.js` applied each step with Chrome DevTools' `Network.emulateNetworkConditions`,
 * `latency: 0`, and `downloadThroughput = uploadThroughput = speed * 1024 / 8` bytes/s: the
 * `speed` values are "kbps" of 1024 bit/s, in both directions, run once each (the challenge's
 * `fast-network-patterns.js`, for slow machines, is not included).
 *
 * Their rates sit around a 1000 kbit/s top rendition: `--profile-rate-scale` moves them to
 * another stream (2.5 for llhls serve's 2500 kbit/s default).
 */
const KBPS = 1024;

/** [speed in the challenge's kbps, duration in seconds] per step. */
const STEPS: Record<string, { comment: string; steps: Array<[number, number]> }> = {
  cascade: {
    comment: 'smooth, long-term changes which lie comfortably between renditions',
    steps: [
      [1200, 30],
      [800, 30],
      [400, 30],
      [800, 30],
      [1200, 30],
    ],
  },
  'intra-cascade': {
    comment: 'a network cascade with an intermediate step between renditions',
    steps: [
      [1000, 15],
      [800, 15],
      [600, 15],
      [400, 15],
      [200, 15],
      [400, 15],
      [600, 15],
      [800, 15],
      [1000, 15],
    ],
  },
  spike: {
    comment: 'a sharp downward and upward spike in bandwidth',
    steps: [
      [1200, 10],
      [300, 10],
      [800, 10],
    ],
  },
  'slow-jitters': {
    comment: 'jitters much longer than the average buffer length',
    steps: [
      [500, 5],
      [1200, 5],
      [500, 5],
      [1200, 5],
      [500, 5],
      [1200, 5],
    ],
  },
  'fast-jitters': {
    comment: 'jitters shorter than the average buffer length',
    steps: [
      [500, 0.25],
      [1200, 5],
      [500, 0.1],
      [1200, 1],
      [500, 0.25],
      [1200, 5],
    ],
  },
};

/** Names of the built-in profiles. */
export const BUILT_IN_PROFILES = Object.keys(STEPS);

/** A built-in profile by name (looping, as a proxy runs until stopped), or null. */
export function builtInProfile(name: string): Profile | null {
  const entry = STEPS[name];
  if (entry === undefined) return null;
  return {
    name,
    loop: true,
    source: `ACM MMSys 2020 Grand Challenge (Twitch), normal-network-patterns.js PROFILE_${name.toUpperCase().replace('-', '_')}: ${entry.comment}`,
    steps: entry.steps.map(([speed, seconds]) => ({
      durationMs: seconds * 1000,
      impairment: { downBitsPerSecond: speed * KBPS, upBitsPerSecond: speed * KBPS },
    })),
  };
}
