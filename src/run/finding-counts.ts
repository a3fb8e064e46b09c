import { type Finding, FindingStatus } from './types.js';

/** How many protocol findings ended in each status. */
export interface FindingCounts {
  pass: number;
  fail: number;
  warn: number;
  /** Not applicable: the check never had anything to look at (e.g. parts on a stream without). */
  skip: number;
  total: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { pass: 0, fail: 0, warn: 0, skip: 0, total: findings.length };
  for (const f of findings) {
    if (f.status === FindingStatus.Pass) counts.pass += 1;
    else if (f.status === FindingStatus.Fail) counts.fail += 1;
    else if (f.status === FindingStatus.Warn) counts.warn += 1;
    else counts.skip += 1;
  }
  return counts;
}

/**
 * The counts in words, skipped checks named as such: `4 pass, 9 not applicable`, never
 * `13 of 13 pass` when 9 of them had nothing to check. Zero counts are left out.
 */
export function findingCountsText(counts: FindingCounts): string {
  if (counts.total === 0) return 'no protocol checks';
  const parts: string[] = [];
  if (counts.pass > 0) parts.push(`${counts.pass} pass`);
  if (counts.fail > 0) parts.push(`${counts.fail} fail`);
  if (counts.warn > 0) parts.push(`${counts.warn} warn`);
  if (counts.skip > 0) parts.push(`${counts.skip} not applicable`);
  return parts.join(', ');
}
