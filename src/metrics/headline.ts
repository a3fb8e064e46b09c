import { MetricName } from '../run/types.js';

/**
 * A client's headline figure, best first: what a viewer sees when it was measured
 * (capture_to_display), else the simulated player's estimate, else when the last byte arrived.
 */
export const HEADLINE_METRICS: readonly MetricName[] = [
  MetricName.CaptureToDisplay,
  MetricName.EstimatedDisplay,
  MetricName.CaptureToLastByte,
  MetricName.CaptureToFirstByte,
];
