import type { Segment } from './media-types.js';
import type { MediaWindow } from './media-window.js';

export interface RenderOptions {
  /** `_HLS_skip=YES|v2`: render a delta update (6.2.5.1). */
  skip?: boolean;
}

const seconds = (x: number): string => x.toFixed(5);
const pdt = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * Renders the media playlist from the window (pure). The LL-HLS form has PART-INF, SERVER-CONTROL,
 * EXT-X-PART for the segments of the last 3 target durations and EXT-X-PRELOAD-HINT; with
 * --no-parts it is a classic live playlist that still offers blocking reload on `_HLS_msn`.
 * Returns null while nothing is published.
 * fMP4 segments are preceded by EXT-X-MAP wherever their init segment differs from the one before
 * (the first listed segment always has one, also in a delta update).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.7
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.3.8
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.5
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.2
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.5.3
 */
export function renderPlaylist(window: MediaWindow, options: RenderOptions = {}): string | null {
  const a = window.advertised;
  if (a === null || window.segments.length === 0) return null;
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${a.version}`, `#EXT-X-TARGETDURATION:${a.targetDuration}`];
  // canSkipUntil 0: no delta updates offered (the GStreamer engine's design had none).
  const control = ['CAN-BLOCK-RELOAD=YES'];
  if (a.canSkipUntil > 0) control.push(`CAN-SKIP-UNTIL=${seconds(a.canSkipUntil)}`);
  if (a.partTarget !== null && a.partHoldBack !== null) {
    lines.push(`#EXT-X-PART-INF:PART-TARGET=${seconds(a.partTarget)}`);
    control.push(`PART-HOLD-BACK=${seconds(a.partHoldBack)}`);
  }
  control.push(`HOLD-BACK=${seconds(a.holdBack)}`);
  lines.push(`#EXT-X-SERVER-CONTROL:${control.join(',')}`);
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${window.mediaSequence}`);
  lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`);
  const skipped = options.skip === true && a.canSkipUntil > 0 ? skippableCount(window, a.canSkipUntil) : 0;
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  let map: string | null = null;
  for (const segment of window.segments.slice(skipped)) {
    renderSegment(lines, window, segment, segment.map !== map);
    map = segment.map;
  }
  // The next segment starts after a discontinuity: say so as soon as the one before is complete.
  // An LL-HLS client already numbers the segment to come (its hinted or first part) on the
  // timeline it knows, and sees that change otherwise (hls.js 1.7: "discontinuity sequence
  // mismatch", fatal). Its init segment, when new, is named there too.
  if (window.listParts && window.openSegment === null && window.pendingDiscontinuity) {
    lines.push('#EXT-X-DISCONTINUITY');
    if (window.init !== null && window.init !== map) lines.push(mapTag(window.init));
  }
  if (window.listParts && window.hint !== null) {
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${window.hint.uri}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** EXT-X-MAP: the init segment of the segments that follow (fMP4), 4.4.4.5. */
const mapTag = (uri: string): string => `#EXT-X-MAP:URI="${uri}"`;

/** `withMap`: the segment needs another init segment than the one listed before it (or it is the
 *  first listed): EXT-X-MAP applies to every segment after it until the next (4.4.4.5). */
function renderSegment(lines: string[], window: MediaWindow, segment: Segment, withMap: boolean): void {
  if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
  if (withMap && segment.map !== null) lines.push(mapTag(segment.map));
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt(segment.capture)}`);
  if (window.listsPartsOf(segment)) {
    for (const part of segment.parts) {
      const independent = part.independent ? ',INDEPENDENT=YES' : '';
      lines.push(`#EXT-X-PART:DURATION=${seconds(part.duration)},URI="${part.uri}"${independent}`);
    }
  }
  if (segment.complete) {
    lines.push(`#EXTINF:${seconds(segment.duration)},`);
    lines.push(segment.uri);
  }
}

/**
 * Segments a delta update replaces with EXT-X-SKIP: the oldest complete segments that end at
 * least CAN-SKIP-UNTIL seconds before the end of the playlist (the Skip Boundary), up to the
 * first EXT-X-DISCONTINUITY. Skipping a discontinuity is allowed ("Replacing segments with the
 * EXT-X-SKIP tag does not change the value of the EXT-X-DISCONTINUITY-SEQUENCE tag", 4.4.5.2),
 * but hls.js 1.7 then numbers the listed segments from EXT-X-DISCONTINUITY-SEQUENCE alone and
 * stops playing ("discontinuity sequence mismatch"): the tag stays listed until it leaves.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export function skippableCount(window: MediaWindow, canSkipUntil: number): number {
  let count = 0;
  for (const segment of window.segments) {
    if (!segment.complete || segment.discontinuity || window.segmentAge(segment.msn) < canSkipUntil) break;
    count += 1;
  }
  return count;
}
