/**
 * What the packager publishes: parts, segments and the preload hint, as the media window holds
 * them. Plain data; the origin serves them and `timestamps-view.ts` describes them.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.4.4.9
 */

/** A complete, published partial segment. Its bytes never change once published. */
export interface Part {
  /** Global part counter since the packager started: names the part (`part{number}.ts`, `.m4s`), so the
   *  preload hint's URI stays right even when the part ends up starting the next segment. */
  number: number;
  /** Media sequence number of the parent segment. */
  msn: number;
  /** Index of the part within its parent segment (0-based). */
  index: number;
  /** URI relative to the playlist. */
  uri: string;
  /** Seconds, from PTS deltas (the last frame counted one frame interval). */
  duration: number;
  /** The part begins with a keyframe (EXT-X-PART INDEPENDENT=YES). */
  independent: boolean;
  /** 90 kHz, unwrapped, of the first frame (video; audio for audio-only streams). */
  firstPts: number;
  /** Capture time of the first frame (epoch ms). */
  capture: number;
  /** Capture time of every frame of the part, in presentation order (epoch ms). */
  frameCaptures: number[];
  /** When the part was complete and listed (epoch ms, server clock). */
  publish: number;
  /** MPEG-TS: cached PAT+PMT first, then the stream's packets unchanged (only the continuity
   *  counters of PSI packets rewritten so they stay continuous). fMP4: one moof + mdat, decoded
   *  with the segment's init segment (`Segment.map`). */
  bytes: Uint8Array;
}

/** A media segment: complete (EXTINF listed) or still being filled (only its parts listed). */
export interface Segment {
  msn: number;
  /** URI relative to the playlist (`seg{msn}.ts`, `.m4s`). */
  uri: string;
  /** fMP4: URI of the init segment its parts need (EXT-X-MAP); null for MPEG-TS. */
  map: string | null;
  /** EXT-X-DISCONTINUITY precedes this segment. */
  discontinuity: boolean;
  /** Parts in order. Kept (for the segment's bytes) even after they leave the playlist. */
  parts: Part[];
  complete: boolean;
  /** Seconds: from its first frame to the next segment's first frame (its span on the media
   *  timeline); the sum of its parts while incomplete, and always but where a gap between frames
   *  was longer than a part may list. */
  duration: number;
  /** 90 kHz, unwrapped, of the first frame. */
  firstPts: number;
  /** Capture time of the first frame (epoch ms) = EXT-X-PROGRAM-DATE-TIME. */
  capture: number;
  /** When the segment became complete (epoch ms); NaN while it is being filled. */
  publish: number;
}

/** The part being filled, announced by EXT-X-PRELOAD-HINT. */
export interface Hint {
  /** Global part number (see Part.number). */
  number: number;
  /** The URI the part will have once complete. */
  uri: string;
}

/** What a URI in the window resolves to (see MediaWindow.resolve). */
export type ResolvedUri =
  | { kind: 'init'; uri: string; bytes: Uint8Array }
  | { kind: 'part'; part: Part }
  | { kind: 'segment'; segment: Segment; bytes: Uint8Array }
  | { kind: 'hint'; hint: Hint };

/**
 * Events of the media window, emitted synchronously from Packager calls (no I/O, no timers):
 * - `part`: a part was published (listed in the playlist from now on);
 * - `segment`: a segment became complete;
 * - `hint-data`: bytes were appended to the open (hinted) part; they are final and will be part
 *   of that part's bytes in this order (for `--hint-streaming`);
 * - `hint`: the open part changed (a new part number is hinted, or the hint was withdrawn: null);
 * - `update`: the playlist changed (after any of the above that changes it, or a discontinuity);
 *   `version` increases by one each time.
 */
export interface MediaWindowEvents {
  part: { part: Part };
  segment: { segment: Segment };
  'hint-data': { number: number; chunk: Uint8Array };
  hint: { hint: Hint | null };
  update: { version: number; now: number };
}
