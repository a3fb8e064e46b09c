import type { AdtsConfig } from '../codec/adts.js';
import { aacCodecsString } from '../codec/codecs-string.js';
import type { MediaWindow } from './media-window.js';
import { type SegmentBitRates, segmentBitRates } from './segment-bit-rate.js';
import type { StreamDescription } from './timestamps-view.js';

/** What the one variant of `llhls serve` is, as a multivariant playlist describes it. */
export interface VariantDescription {
  /** The media playlist, relative to the multivariant playlist. */
  uri: string;
  bitRates: SegmentBitRates;
  /** RFC 6381 codecs of every stream in it (`avc1.64001f,mp4a.40.2`); empty when unknown. */
  codecs: readonly string[];
  width: number | null;
  height: number | null;
  /** Frames per second; null when unknown. */
  frameRate: number | null;
}

/**
 * The multivariant playlist: one EXT-X-STREAM-INF for the stream, with BANDWIDTH and
 * AVERAGE-BANDWIDTH measured from its segments, CODECS from its parameter sets and ADTS headers,
 * RESOLUTION and FRAME-RATE, for players that pick a SourceBuffer type from CODECS rather than
 * guess it by fetching media (Shaka Player). Pure.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.6.2
 */
export function renderMultivariantPlaylist(variant: VariantDescription): string {
  const attributes = [`BANDWIDTH=${variant.bitRates.peak}`, `AVERAGE-BANDWIDTH=${variant.bitRates.average}`];
  if (variant.codecs.length > 0) attributes.push(`CODECS="${variant.codecs.join(',')}"`);
  if (variant.width !== null && variant.height !== null) {
    attributes.push(`RESOLUTION=${variant.width}x${variant.height}`);
  }
  if (variant.frameRate !== null) attributes.push(`FRAME-RATE=${variant.frameRate.toFixed(3)}`);
  return ['#EXTM3U', `#EXT-X-STREAM-INF:${attributes.join(',')}`, variant.uri, ''].join('\n');
}

/**
 * The variant the window holds: bit rates from its complete segments, the video's CODECS (from
 * its SPS) and the audio's (from its ADTS header), the size, and the frame rate the packager
 * decided on. Null until a segment is complete (BANDWIDTH is required and must be measured).
 */
export function describeVariant(
  window: MediaWindow,
  stream: Pick<StreamDescription, 'codecs' | 'width' | 'height' | 'frameRate'>,
  audio: AdtsConfig | null,
  uri: string,
): VariantDescription | null {
  const advertised = window.advertised;
  if (advertised === null) return null;
  const bitRates = segmentBitRates(window.segments, advertised.targetDuration);
  if (bitRates === null) return null;
  const codecs: string[] = [];
  if (typeof stream.codecs === 'string') codecs.push(stream.codecs);
  if (audio !== null) codecs.push(aacCodecsString(audio.objectType));
  return {
    uri,
    bitRates,
    codecs,
    width: stream.width,
    height: stream.height,
    frameRate: Math.round((90_000 / advertised.frameTicks) * 1000) / 1000,
  };
}
