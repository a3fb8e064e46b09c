import type { ClockOffset } from '../run/types.js';

/** A probe's offset agrees with one clock when it is within its own uncertainty of 0, plus this. */
const AGREE_SLACK_MS = 1;

/**
 * The clock offset for a server on this host (`address` said so, ./same-host.ts): client and
 * server read the same clock, so the offset is 0 exactly, with no uncertainty and no drift, when
 * the probe agrees (its offset within its uncertainty of 0: a Date header's 1 s resolution makes
 * a 58 ms "offset" of one clock). A probe that disagrees is kept as measured: the address is
 * local, but the server is not (a tunnel or a port forwarded from elsewhere).
 */
export function sameHostClock(measured: ClockOffset, address: string): ClockOffset {
  const agrees =
    measured.method === 'assumed' ||
    Math.abs(measured.offsetMs) <= (measured.uncertaintyMs ?? Number.POSITIVE_INFINITY) + AGREE_SLACK_MS;
  if (!agrees) {
    const note = `the server's address ${address} is on this host, but its clock is ${measured.offsetMs.toFixed(1)} ms away: measured as another host's (a tunnel or a forwarded port?)`;
    return { ...measured, note: measured.note === undefined ? note : `${note}; ${measured.note}` };
  }
  const probe =
    measured.method === 'assumed'
      ? 'no clock probe answered'
      : `the ${measured.method} probe agreed: ${measured.offsetMs.toFixed(1)} ± ${(measured.uncertaintyMs ?? 0).toFixed(1)} ms`;
  return {
    method: 'same-host',
    offsetMs: 0,
    uncertaintyMs: 0,
    measuredAt: measured.measuredAt,
    probes: measured.probes,
    bestRttMs: measured.bestRttMs,
    note: `the server is on this host (${address}): one clock, offset 0 (${probe})`,
  };
}
