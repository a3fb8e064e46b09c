import { metricValues } from '../../../src/metrics/metric-values.js';
import { countsInStatistics } from '../../../src/metrics/warmup.js';
import {
  ARTILLERY_COUNTER,
  ARTILLERY_STALL_DURATION,
  artilleryName,
} from '../../../src/run/artillery-names.js';
import type { Finding, Sample } from '../../../src/run/types.js';

/** One thing to hand to Artillery's event emitter: `ee.emit(type, name, value)`. */
export interface ArtilleryMetric {
  type: 'histogram' | 'counter';
  name: string;
  value: number;
}

/**
 * What one sample of a viewer gives Artillery: its latency figures (src/metrics' vocabulary,
 * `llhls.<metric>` in ms) once the viewer's warm-up is over (startup always), as `llhls measure`
 * counts them; a part fetched, an error; a stall that began after warm-up (and its duration once
 * it ended). Pure.
 */
export function sampleMetrics(sample: Sample, warmupEndsAt: number): ArtilleryMetric[] {
  const out: ArtilleryMetric[] = [];
  for (const v of metricValues(sample)) {
    if (countsInStatistics(v.metric, sample.t, warmupEndsAt)) {
      out.push({ type: 'histogram', name: artilleryName(v.metric), value: v.value });
    }
  }
  if (sample.type === 'media' && sample.kind === 'part' && sample.error === null && sample.status === 200) {
    out.push(counter(ARTILLERY_COUNTER.parts));
  } else if (sample.type === 'stall' && sample.start >= warmupEndsAt) {
    out.push(counter(ARTILLERY_COUNTER.stalls));
    if (sample.durationMs !== null) {
      out.push({
        type: 'histogram',
        name: artilleryName(ARTILLERY_STALL_DURATION),
        value: sample.durationMs,
      });
    }
  } else if (sample.type === 'error') out.push(counter(ARTILLERY_COUNTER.errors));
  return out;
}

/**
 * One viewer's protocol findings as counters, so that they add up across viewers and workers:
 * `llhls.failed_findings` (one per failing finding, what an `ensure` reads), and per finding
 * `llhls.findings.<id>.<status>` (viewers with that status), `.checked` and `.failed` (its counts).
 */
export function findingMetrics(findings: readonly Finding[]): ArtilleryMetric[] {
  const out: ArtilleryMetric[] = [];
  for (const f of findings) {
    if (f.status === 'fail') out.push(counter(ARTILLERY_COUNTER.failedFindings));
    const prefix = `${ARTILLERY_COUNTER.findings}.${f.id}`;
    out.push(counter(`${prefix}.${f.status}`));
    if (f.checked > 0) out.push(counter(`${prefix}.checked`, f.checked));
    if (f.failed > 0) out.push(counter(`${prefix}.failed`, f.failed));
  }
  return out;
}

function counter(name: string, value = 1): ArtilleryMetric {
  return { type: 'counter', name: artilleryName(name), value };
}
