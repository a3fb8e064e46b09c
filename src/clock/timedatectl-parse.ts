/** What `timedatectl show` says about time synchronisation (systemd's view, no bound). */
export interface TimedatectlStatus {
  /** `NTPSynchronized=yes`: the kernel's clock is marked synchronised by some NTP service. */
  synchronised: boolean | null;
  /** `NTP=yes`: an NTP service (systemd-timesyncd, chrony, ...) is enabled. */
  ntpEnabled: boolean | null;
  /** `TimeUSec`, as printed (e.g. "Tue 2026-11-24 06:40:55 UTC"). */
  time: string | null;
}

function yesNo(value: string | undefined): boolean | null {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return null;
}

/** Parses the `Key=value` lines of `timedatectl show` (pure). Unknown keys are ignored;
 *  missing ones are null. `valid` is false when neither NTP key is there. */
export function parseTimedatectl(text: string): {
  valid: boolean;
  value: TimedatectlStatus;
  issues: string[];
} {
  const pairs = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) pairs.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const value: TimedatectlStatus = {
    synchronised: yesNo(pairs.get('NTPSynchronized')),
    ntpEnabled: yesNo(pairs.get('NTP')),
    time: pairs.get('TimeUSec') ?? null,
  };
  const valid = value.synchronised !== null || value.ntpEnabled !== null;
  return {
    valid,
    value,
    issues: valid ? [] : ['timedatectl show printed neither NTPSynchronized= nor NTP='],
  };
}
