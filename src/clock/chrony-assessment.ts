import { ChronyLeapStatus, type ChronyTracking } from './chronyc-parse.js';
import { formatMs } from './format-ms.js';

/** What `chronyc tracking` means for a latency measurement, in a bound and plain words. */
export interface ChronyAssessment {
  synchronised: boolean;
  /** Worst-case error of the system clock against the stratum-1 source, ms; null when unsynchronised. */
  boundMs: number | null;
  words: string;
}

/** `local` directive's reference ID (127.127.1.1): chronyd serves its own clock, synchronised to nothing. */
const LOCAL_REFERENCE_ID = '7F7F0101';

/**
 * Assesses a tracking report (pure). The bound is chrony's own maximum-error formula,
 * |system offset| + root dispersion + root delay / 2: the true time lies within it
 * (chrony.conf(5), `maxdistance`; chronyc(1), "Root delay").
 */
export function assessChronyTracking(tracking: ChronyTracking): ChronyAssessment {
  if (tracking.leapStatus === ChronyLeapStatus.NotSynchronised || /^0{8}$/.test(tracking.referenceId)) {
    return {
      synchronised: false,
      boundMs: null,
      words: `not synchronised: leap status ${tracking.leapStatus}${tracking.stratum === 0 ? ', no reference selected' : ''}`,
    };
  }
  if (tracking.referenceId === LOCAL_REFERENCE_ID) {
    return {
      synchronised: false,
      boundMs: null,
      words: `not synchronised to another clock: chronyd serves its own clock as a local reference (stratum ${tracking.stratum})`,
    };
  }
  const boundMs = Math.abs(tracking.systemOffsetMs) + tracking.rootDispersionMs + tracking.rootDelayMs / 2;
  if (!Number.isFinite(boundMs)) {
    return {
      synchronised: false,
      boundMs: null,
      words: 'synchronisation unknown: chronyc tracking was not fully readable',
    };
  }
  const reference = tracking.referenceName === '' ? tracking.referenceId : tracking.referenceName;
  return {
    synchronised: true,
    boundMs,
    words: `synchronised to ${reference} (stratum ${tracking.stratum}) within ${formatMs(boundMs)}`,
  };
}
