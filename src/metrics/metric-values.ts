import { type CaptureTimeSource, MetricName, type Sample } from '../run/types.js';
import { packaging } from './latency.js';

/** One latency figure a sample carries. */
export interface MetricValue {
  metric: MetricName;
  /** ms */
  value: number;
  /** Where the capture time behind it came from; null when the figure uses none. */
  source: CaptureTimeSource | null;
}

/**
 * The figures each sample carries, in the vocabulary of MEASUREMENT.md: what statistics and
 * reports aggregate. Failed requests carry none (their timing says nothing about latency).
 */
export function metricValues(sample: Sample): MetricValue[] {
  const out: MetricValue[] = [];
  const add = (metric: MetricName, value: number | null, source: CaptureTimeSource | null): void => {
    if (value !== null && Number.isFinite(value)) out.push({ metric, value, source });
  };
  switch (sample.type) {
    case 'media':
      if (sample.error !== null) break;
      add(MetricName.CaptureToFirstByte, sample.capture_to_first_byte, sample.captureSource);
      add(MetricName.CaptureToLastByte, sample.capture_to_last_byte, sample.captureSource);
      add(MetricName.Delivery, sample.delivery, null);
      add(MetricName.Packaging, packaging(sample.publish, sample.capture), sample.captureSource);
      break;
    case 'playlist':
      if (sample.error === null) add(MetricName.PlaylistHold, sample.playlist_hold, null);
      break;
    case 'frame':
      add(MetricName.CaptureToDisplay, sample.capture_to_display, sample.captureSource);
      add(MetricName.CaptureToDisplayPdt, sample.capture_to_display_pdt, 'program-date-time');
      break;
    case 'playout':
      add(MetricName.EstimatedDisplay, sample.estimated_display, null);
      break;
    case 'player':
      // hls.js reports seconds; every figure here is ms.
      add(MetricName.PlayerLatency, sample.latency === null ? null : sample.latency * 1000, null);
      break;
    case 'event':
      if (sample.name === 'startup' && typeof sample.detail['startupMs'] === 'number') {
        add(MetricName.Startup, sample.detail['startupMs'], null);
      }
      break;
    default:
      break;
  }
  return out;
}
