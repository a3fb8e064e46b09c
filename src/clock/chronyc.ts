import { assessChronyTracking, type ChronyAssessment } from './chrony-assessment.js';
import {
  ChronycFailure,
  type ChronySource,
  type ChronyTracking,
  classifyChronycFailure,
  parseChronySources,
  parseChronyTracking,
} from './chronyc-parse.js';
import { runTool } from './run-tool.js';

export interface ChronycOptions {
  /** chronyc binary (default `chronyc` on the PATH). */
  chronycPath?: string;
  /** `-h` for chronyc: a host or the path of chronyd's command socket (default: chronyc's own). */
  chronycHost?: string;
  timeoutMs?: number;
}

export interface ChronyReading {
  available: true;
  tracking: ChronyTracking;
  sources: ChronySource[];
  assessment: ChronyAssessment;
  /** Parser issues (unknown fields, unreadable sources); the reading is still usable. */
  issues: string[];
}

export const ChronyUnavailableReason = {
  Missing: 'missing',
  NotRunning: 'not-running',
  Failed: 'failed',
} as const;
export type ChronyUnavailableReason = (typeof ChronyUnavailableReason)[keyof typeof ChronyUnavailableReason];

export interface ChronyUnavailable {
  available: false;
  reason: ChronyUnavailableReason;
  /** What happened, in chronyc's words where it had any. */
  message: string;
  /** What the user can do about it. */
  fix: string;
}

const INSTALL = 'install and enable it: sudo apt-get install chrony && sudo systemctl enable --now chrony';
const START = 'start it: sudo systemctl enable --now chrony (or run chronyd)';

/** Reads chrony's tracking and sources through chronyc (I/O adapter). Never throws: a missing
 *  binary, a stopped daemon or unreadable output come back as `ChronyUnavailable`. */
export async function readChrony(options: ChronycOptions = {}): Promise<ChronyReading | ChronyUnavailable> {
  const path = options.chronycPath ?? 'chronyc';
  const host = options.chronycHost === undefined ? [] : ['-h', options.chronycHost];
  const timeoutMs = options.timeoutMs ?? 5000;
  const tracking = await runTool(path, [...host, '-c', 'tracking'], timeoutMs);
  if (tracking.kind === 'missing') {
    return { available: false, reason: 'missing', message: `chronyc not found (${path})`, fix: INSTALL };
  }
  if (tracking.kind === 'failed')
    return { available: false, reason: 'failed', message: tracking.message, fix: START };
  const said = `${tracking.stdout}\n${tracking.stderr}`.trim();
  if (tracking.exitCode !== 0) {
    const why = classifyChronycFailure(said);
    if (why === ChronycFailure.NotRunning) {
      return {
        available: false,
        reason: 'not-running',
        message: `chronyd is not running (chronyc: ${firstLine(said)})`,
        fix: START,
      };
    }
    return {
      available: false,
      reason: 'failed',
      message: `chronyc -c tracking exited ${tracking.exitCode}: ${firstLine(said)}`,
      fix:
        why === ChronycFailure.Unauthorised
          ? 'run llhls clock as a user allowed to read chronyd (or root)'
          : START,
    };
  }
  const parsed = parseChronyTracking(tracking.stdout);
  if (parsed.value === null) {
    return {
      available: false,
      reason: 'failed',
      message: `chronyc -c tracking was unreadable: ${parsed.issues.join('; ')}`,
      fix: START,
    };
  }
  const issues = [...parsed.issues];
  let sources: ChronySource[] = [];
  const sourcesRun = await runTool(path, [...host, '-c', 'sources'], timeoutMs);
  if (sourcesRun.kind === 'exited' && sourcesRun.exitCode === 0) {
    const parsedSources = parseChronySources(sourcesRun.stdout);
    sources = parsedSources.value ?? [];
    issues.push(...parsedSources.issues);
  } else {
    issues.push('chronyc -c sources failed; sources unknown');
  }
  return {
    available: true,
    tracking: parsed.value,
    sources,
    assessment: assessChronyTracking(parsed.value),
    issues,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() || 'no output';
}
