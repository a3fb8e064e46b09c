/**
 * Parsers for chronyc's CSV output (`chronyc -c tracking`, `chronyc -c sources`), pure: text in,
 * typed data out. Unexpected text is a result with issues, never a throw, so a newer chrony that
 * adds a column degrades to a warning instead of a crash. Durations are converted to ms.
 * Field meanings: chronyc(1), "tracking" and "sources".
 */

/** Parse outcome: `valid` only when every line was understood; `issues` say what was not. */
export interface ChronyParseResult<T> {
  valid: boolean;
  value: T | null;
  issues: string[];
}

/** chrony's leap status words, as `chronyc tracking` prints them. */
export const ChronyLeapStatus = {
  Normal: 'Normal',
  InsertSecond: 'Insert second',
  DeleteSecond: 'Delete second',
  NotSynchronised: 'Not synchronised',
} as const;
export type ChronyLeapStatus = (typeof ChronyLeapStatus)[keyof typeof ChronyLeapStatus];

export interface ChronyTracking {
  /** Reference ID in hex, e.g. `7F000001`; `00000000` when unsynchronised, `7F7F0101` for `local`. */
  referenceId: string;
  /** Name or address of the reference; '' when there is none. */
  referenceName: string;
  /** This host's stratum (its server's plus one); 0 when unsynchronised. */
  stratum: number;
  /** When the last measurement from the reference was processed, epoch ms; 0 when never. */
  refTimeMs: number;
  /** System clock minus NTP time (positive: the system clock is ahead, "fast"). chronyc's CSV
   *  prints the opposite sign (the correction still to apply); flipped here to match the
   *  client-minus-server convention of `ClockOffset.offsetMs`. */
  systemOffsetMs: number;
  /** Offset at the last clock update (positive: local time was ahead of the sources). */
  lastOffsetMs: number;
  rmsOffsetMs: number;
  /** Rate error of the system clock, ppm (positive: it would run fast without correction). */
  frequencyPpm: number;
  residualFrequencyPpm: number;
  skewPpm: number;
  /** Round trip to the stratum-1 source at the top of the chain, ms. */
  rootDelayMs: number;
  /** Accumulated dispersion up the chain, ms. */
  rootDispersionMs: number;
  updateIntervalS: number;
  leapStatus: ChronyLeapStatus | string;
}

const TRACKING_FIELDS = 14;

/** Parses the single CSV line of `chronyc -c tracking`. */
export function parseChronyTracking(text: string): ChronyParseResult<ChronyTracking> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0)
    return { valid: false, value: null, issues: ['chronyc -c tracking printed nothing'] };
  const issues: string[] = [];
  if (lines.length > 1) issues.push(`expected one CSV line, received ${lines.length}; using the first`);
  const fields = lines[0]!.split(',');
  if (fields.length < TRACKING_FIELDS) {
    return {
      valid: false,
      value: null,
      issues: [
        `expected ${TRACKING_FIELDS} comma-separated fields from chronyc -c tracking, received: '${lines[0]}'`,
      ],
    };
  }
  if (fields.length > TRACKING_FIELDS)
    issues.push(`ignored ${fields.length - TRACKING_FIELDS} extra field(s)`);
  const num = (index: number, name: string): number => {
    const value = Number(fields[index]);
    if (fields[index]!.trim() === '' || !Number.isFinite(value)) {
      issues.push(`${name} is not a number: '${fields[index]}'`);
      return Number.NaN;
    }
    return value;
  };
  const referenceId = fields[0]!.trim();
  if (!/^[0-9A-Fa-f]{8}$/.test(referenceId))
    issues.push(`reference ID is not 8 hex digits: '${referenceId}'`);
  const tracking: ChronyTracking = {
    referenceId: referenceId.toUpperCase(),
    referenceName: fields[1]!.trim(),
    stratum: num(2, 'stratum'),
    refTimeMs: num(3, 'ref time') * 1000,
    systemOffsetMs: -num(4, 'system time') * 1000,
    lastOffsetMs: num(5, 'last offset') * 1000,
    rmsOffsetMs: num(6, 'RMS offset') * 1000,
    frequencyPpm: num(7, 'frequency'),
    residualFrequencyPpm: num(8, 'residual frequency'),
    skewPpm: num(9, 'skew'),
    rootDelayMs: num(10, 'root delay') * 1000,
    rootDispersionMs: num(11, 'root dispersion') * 1000,
    updateIntervalS: num(12, 'update interval'),
    leapStatus: fields[13]!.trim(),
  };
  if (!Object.values<string>(ChronyLeapStatus).includes(tracking.leapStatus)) {
    issues.push(`unknown leap status '${tracking.leapStatus}'`);
  }
  return { valid: issues.length === 0, value: tracking, issues };
}

/** `chronyc sources` mode column. */
export const ChronySourceMode = {
  Server: 'server',
  Peer: 'peer',
  RefClock: 'refclock',
  Unknown: 'unknown',
} as const;
export type ChronySourceMode = (typeof ChronySourceMode)[keyof typeof ChronySourceMode];

/** `chronyc sources` state column, in words. */
export const ChronySourceState = {
  Selected: 'selected',
  Combined: 'combined',
  NotCombined: 'not-combined',
  Unusable: 'unusable',
  Falseticker: 'falseticker',
  TooVariable: 'too-variable',
  Unknown: 'unknown',
} as const;
export type ChronySourceState = (typeof ChronySourceState)[keyof typeof ChronySourceState];

const MODES: Record<string, ChronySourceMode> = { '^': 'server', '=': 'peer', '#': 'refclock' };
const STATES: Record<string, ChronySourceState> = {
  '*': 'selected',
  '+': 'combined',
  '-': 'not-combined',
  '?': 'unusable',
  x: 'falseticker',
  '~': 'too-variable',
};

/** chronyc prints 2^32 - 1 seconds for "never received". */
const NEVER = 4294967295;

export interface ChronySource {
  mode: ChronySourceMode;
  state: ChronySourceState;
  name: string;
  stratum: number;
  /** Polling interval as a power of two, seconds (may be negative). */
  pollLog2: number;
  /** Reachability register: the last 8 polls, one bit each (255 = all answered). */
  reach: number;
  /** Seconds since the last good sample; null when never. */
  lastRxS: number | null;
  /** Last sample's offset adjusted for later slews, ms (positive: local clock ahead of the source). */
  adjustedOffsetMs: number;
  measuredOffsetMs: number;
  /** Error bound of the last sample, ms. */
  errorMs: number;
}

const SOURCE_FIELDS = 10;

/** Parses `chronyc -c sources`: one CSV line per source (none is valid: no sources configured). */
export function parseChronySources(text: string): ChronyParseResult<ChronySource[]> {
  const issues: string[] = [];
  const sources: ChronySource[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const f = line.split(',');
    if (f.length < SOURCE_FIELDS) {
      issues.push(`expected ${SOURCE_FIELDS} fields per source, received: '${line}'`);
      continue;
    }
    const numbers = [3, 4, 6, 7, 8, 9].map((i) => Number(f[i]));
    const reach = /^[0-7]+$/.test(f[5]!) ? Number.parseInt(f[5]!, 8) : Number.NaN; // octal, like ntpq
    if (numbers.some((n) => !Number.isFinite(n)) || Number.isNaN(reach)) {
      issues.push(`a numeric field is not a number in: '${line}'`);
      continue;
    }
    const [stratum, poll, lastRx, adjusted, measured, error] = numbers as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    sources.push({
      mode: MODES[f[0]!] ?? 'unknown',
      state: STATES[f[1]!] ?? 'unknown',
      name: f[2]!,
      stratum,
      pollLog2: poll,
      reach,
      lastRxS: lastRx === NEVER ? null : lastRx,
      adjustedOffsetMs: adjusted * 1000,
      measuredOffsetMs: measured * 1000,
      errorMs: error * 1000,
    });
  }
  return { valid: issues.length === 0, value: sources, issues };
}

/** Why chronyc could not answer, from its own words. */
export const ChronycFailure = {
  NotRunning: 'not-running',
  Unauthorised: 'unauthorised',
  Other: 'other',
} as const;
export type ChronycFailure = (typeof ChronycFailure)[keyof typeof ChronycFailure];

/** Classifies what a failed chronyc printed: "506 Cannot talk to daemon" (stdout, over UDP) and
 *  "Could not open connection to daemon" (stderr, over a Unix socket) both mean no chronyd. */
export function classifyChronycFailure(output: string): ChronycFailure {
  if (/cannot talk to daemon|could not open connection to daemon|connection refused/i.test(output)) {
    return ChronycFailure.NotRunning;
  }
  if (/not authori[sz]ed|permission denied/i.test(output)) return ChronycFailure.Unauthorised;
  return ChronycFailure.Other;
}
