/**
 * Our view of a parsed playlist: what a low-latency client needs, with every number a plain
 * number and every absent attribute `null` (so a check can tell "absent" from "zero"). Built by
 * `parsePlaylist` on top of m3u8-parser, with the gaps it leaves (explicit vs. extrapolated PDT,
 * raw SERVER-CONTROL, part indexes and media sequence numbers) filled in.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4
 */

/** An HTTP byte range: `length` null means "to the end" (a preload hint without BYTERANGE-LENGTH). */
export interface ByteRange {
  start: number;
  length: number | null;
}

/** EXT-X-PART. @see RFC 8216bis 4.4.4.9 */
export interface PlaylistPart {
  msn: number;
  /** Index within its parent segment, 0-based. */
  index: number;
  uri: string;
  /** Seconds. */
  duration: number;
  independent: boolean;
  gap: boolean;
  byteRange: ByteRange | null;
}

/** A complete media segment (EXTINF + URI). @see RFC 8216bis 4.4.4.1 */
export interface PlaylistSegment {
  msn: number;
  uri: string;
  /** Seconds (EXTINF). */
  duration: number;
  /** EXT-X-PROGRAM-DATE-TIME in epoch ms: explicit, or extrapolated from the previous segment. */
  pdt: number | null;
  /** The segment carried its own EXT-X-PROGRAM-DATE-TIME tag. */
  pdtExplicit: boolean;
  discontinuity: boolean;
  parts: PlaylistPart[];
}

/** EXT-X-PRELOAD-HINT, with the position it stands for. @see RFC 8216bis 4.4.5.3 */
export interface PreloadHint {
  type: 'PART' | 'MAP';
  uri: string;
  /** The part the hint announces: the one after the last listed part. */
  msn: number;
  index: number;
  byteRange: ByteRange | null;
}

/** EXT-X-SERVER-CONTROL as written (null = attribute absent). @see RFC 8216bis 4.4.3.8 */
export interface ServerControl {
  canBlockReload: boolean;
  /** Seconds. */
  canSkipUntil: number | null;
  canSkipDateRanges: boolean;
  holdBack: number | null;
  partHoldBack: number | null;
}

export interface MediaPlaylist {
  kind: 'media';
  version: number | null;
  targetDuration: number | null;
  /** EXT-X-PART-INF PART-TARGET, seconds. */
  partTarget: number | null;
  mediaSequence: number;
  discontinuitySequence: number;
  /** EXT-X-SKIP SKIPPED-SEGMENTS; 0 in a full playlist. */
  skipped: number;
  /** The response was a delta update (it had EXT-X-SKIP). */
  delta: boolean;
  serverControl: ServerControl | null;
  /** Complete segments in order; the first has msn = mediaSequence + skipped. */
  segments: PlaylistSegment[];
  /** Parts of the segment being produced (msn = last segment + 1), already listed. */
  tailParts: PlaylistPart[];
  /** PDT of the segment being produced, when known. */
  tailPdt: number | null;
  preloadHint: PreloadHint | null;
  endList: boolean;
  /** An EXT-X-MAP is listed: the segments need an init section (fragmented MP4). Without one they
   *  are MPEG-TS or packed audio. @see RFC 8216bis 3.1, 4.4.4.5 */
  initSection: boolean;
}

export interface VariantRef {
  uri: string;
  bandwidth: number | null;
  resolution: string | null;
  codecs: string | null;
}

export interface MasterPlaylist {
  kind: 'master';
  variants: VariantRef[];
}

export type Playlist = MediaPlaylist | MasterPlaylist;

/** The last listed part of a playlist (tail parts first, else the last segment's last part). */
export function lastListedPart(playlist: MediaPlaylist): PlaylistPart | null {
  const tail = playlist.tailParts.at(-1);
  if (tail !== undefined) return tail;
  return playlist.segments.at(-1)?.parts.at(-1) ?? null;
}

/** Msn of the last complete segment, or null in an empty playlist. */
export function lastSegmentMsn(playlist: MediaPlaylist): number | null {
  return playlist.segments.at(-1)?.msn ?? null;
}

/** Every listed part, oldest first (segments' parts, then the tail). */
export function listedParts(playlist: MediaPlaylist): PlaylistPart[] {
  const out: PlaylistPart[] = [];
  for (const segment of playlist.segments) for (const part of segment.parts) out.push(part);
  for (const part of playlist.tailParts) out.push(part);
  return out;
}
