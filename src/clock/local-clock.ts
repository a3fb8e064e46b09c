import { type ChronycOptions, type ChronyReading, type ChronyUnavailable, readChrony } from './chronyc.js';
import { readTimedatectl } from './timedatectl.js';
import type { TimedatectlStatus } from './timedatectl-parse.js';

export const LocalClockSource = { Chrony: 'chrony', Timedatectl: 'timedatectl', Unknown: 'unknown' } as const;
export type LocalClockSource = (typeof LocalClockSource)[keyof typeof LocalClockSource];

/** This host's synchronisation state, from the best source that answered. */
export interface LocalClockStatus {
  source: LocalClockSource;
  /** null when nothing could tell. */
  synchronised: boolean | null;
  /** Worst-case error against true time, ms (chrony only). */
  boundMs: number | null;
  /** One plain sentence. */
  words: string;
  /** Set when chrony was read. */
  chrony: ChronyReading | null;
  /** Set when chrony could not be read: why, and how to fix it. */
  chronyUnavailable: ChronyUnavailable | null;
  timedatectl: TimedatectlStatus | null;
}

export interface LocalClockOptions extends ChronycOptions {
  timedatectlPath?: string;
}

/** Reads chrony; when it cannot, falls back to `timedatectl show` (I/O, never throws). */
export async function checkLocalClock(options: LocalClockOptions = {}): Promise<LocalClockStatus> {
  const chrony = await readChrony(options);
  if (chrony.available) {
    const { synchronised, boundMs, words } = chrony.assessment;
    return {
      source: 'chrony',
      synchronised,
      boundMs,
      words: `chrony: ${words}`,
      chrony,
      chronyUnavailable: null,
      timedatectl: null,
    };
  }
  const why = `${chrony.message}; ${chrony.fix}`;
  const timedatectl = await readTimedatectl(options.timedatectlPath, options.timeoutMs);
  if (timedatectl.status !== null) {
    const { synchronised, ntpEnabled } = timedatectl.status;
    const state =
      synchronised === true
        ? 'synchronised (no error bound: systemd does not say how well)'
        : `not synchronised${ntpEnabled === false ? ' (NTP is disabled)' : ''}`;
    return {
      source: 'timedatectl',
      synchronised,
      boundMs: null,
      words: `timedatectl: ${state}. ${why}`,
      chrony: null,
      chronyUnavailable: chrony,
      timedatectl: timedatectl.status,
    };
  }
  return {
    source: 'unknown',
    synchronised: null,
    boundMs: null,
    words: `synchronisation unknown: ${why} (${timedatectl.message})`,
    chrony: null,
    chronyUnavailable: chrony,
    timedatectl: null,
  };
}
