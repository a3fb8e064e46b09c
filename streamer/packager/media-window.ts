import { concatBytes } from '../../src/bytes.js';
import { EventSurface } from '../../src/event-surface.js';
import { CONTAINER_MEDIA, Container } from './container.js';
import type { Hint, MediaWindowEvents, Part, ResolvedUri, Segment } from './media-types.js';
import type { AdvertisedValues } from './packager-options.js';

/** A part as the packager hands it over (the window decides msn, index and publish). */
export type PartInput = Omit<Part, 'msn' | 'index' | 'publish' | 'uri'>;

/** URIs are relative to the playlist. Parts are named by a global counter, segments by msn, init
 *  segments by their own counter; the extension says the container. */
export const partUri = (number: number, container: Container = Container.Ts): string =>
  `part${number}.${CONTAINER_MEDIA[container].extension}`;
export const segmentUri = (msn: number, container: Container = Container.Ts): string =>
  `seg${msn}.${CONTAINER_MEDIA[container].extension}`;
export const initUri = (number: number): string => `init${number}.mp4`;

const INIT_URI = /^init\d{1,15}\.mp4$/;

interface Retired {
  segment: Segment;
  /** Epoch ms after which the segment 404s. */
  expires: number;
}

/**
 * The live window: segments (the last one possibly still being filled), their parts, the preload
 * hint, and retention. Pure: `now` comes in as a parameter; it emits `MediaWindowEvents`.
 *
 * Retention (media time, so the playlist is a pure function of the stream):
 * - parts are listed only for segments that ended less than 3 target durations before the end
 *   of the playlist (whole segments, so parts leave in playlist order), and stay downloadable
 *   until their segment ended 6 target durations before the end: 3 target durations after the
 *   tags left the playlist;
 * - a segment that left the window stays downloadable for its duration plus the playlist's
 *   duration (6.2.2), then 404s.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.2
 */
export class MediaWindow extends EventSurface<MediaWindowEvents> {
  /** Listed segments, oldest first; the last may be incomplete. */
  readonly segments: Segment[] = [];
  mediaSequence = 0;
  discontinuitySequence = 0;
  /** Playlist version: increases on every change (see the `update` event). */
  version = 0;
  /** When the playlist last changed (epoch ms); NaN before the first part. */
  updatedAt = Number.NaN;
  hint: Hint | null = null;
  advertised: AdvertisedValues | null = null;
  /** Whether parts are listed (false with --no-parts). */
  readonly listParts: boolean;
  readonly container: Container;

  readonly #windowSegments: number;
  /** Media time (s) at the end of the newest published part. */
  #mediaEnd = 0;
  /** Media time at the end of each segment (msn → s). */
  readonly #segmentEnd = new Map<number, number>();
  /** Downloadable parts by number, in media order. */
  readonly #parts = new Map<number, Part>();
  readonly #retired: Retired[] = [];
  readonly #segmentBytes = new Map<number, Uint8Array>();
  #hintChunks: Uint8Array[] = [];
  #nextMsn = 0;
  #pendingDiscontinuity = false;
  readonly #partPattern: RegExp;
  readonly #segmentPattern: RegExp;
  /** fMP4 init segments still needed (by the current timeline or a downloadable segment). */
  readonly #inits = new Map<string, Uint8Array>();
  #initCount = 0;
  #init: string | null = null;

  constructor(options: { windowSegments: number; listParts: boolean; container?: Container }) {
    super();
    this.#windowSegments = options.windowSegments;
    this.listParts = options.listParts;
    this.container = options.container ?? Container.Ts;
    const extension = CONTAINER_MEDIA[this.container].extension;
    this.#partPattern = new RegExp(`^part(\\d{1,15})\\.${extension}$`);
    this.#segmentPattern = new RegExp(`^seg(\\d{1,15})\\.${extension}$`);
  }

  /** URI of part `number` (named by the global part counter). */
  partUri(number: number): string {
    return partUri(number, this.container);
  }

  /** fMP4: URI of the init segment the next segment will need (EXT-X-MAP); null for MPEG-TS. */
  get init(): string | null {
    return this.#init;
  }

  /** The newest published part, or null. */
  get lastPart(): Part | null {
    const segment = this.segments.at(-1);
    return segment?.parts.at(-1) ?? null;
  }

  /** The next segment to start will carry EXT-X-DISCONTINUITY. */
  get pendingDiscontinuity(): boolean {
    return this.#pendingDiscontinuity;
  }

  /** The segment being filled, or null when the last one is complete. */
  get openSegment(): Segment | null {
    const segment = this.segments.at(-1);
    return segment !== undefined && !segment.complete ? segment : null;
  }

  /** Seconds between the end of a segment and the end of the playlist. */
  segmentAge(msn: number): number {
    return this.#mediaEnd - (this.#segmentEnd.get(msn) ?? this.#mediaEnd);
  }

  /** Whether the playlist lists this segment's parts (it ended < 3 target durations ago). */
  listsPartsOf(segment: Segment): boolean {
    if (!this.listParts || this.advertised === null) return false;
    return this.segmentAge(segment.msn) < 3 * this.advertised.targetDuration;
  }

  /** Total duration of the listed segments, seconds. */
  get duration(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.duration;
    return total;
  }

  /** Whether part `index` of segment `msn` is published (or a later segment exists). */
  hasPart(msn: number, index: number): boolean {
    const last = this.segments.at(-1);
    if (last === undefined) return false;
    if (msn < last.msn) return true;
    if (msn > last.msn) return false;
    return last.parts.length > index;
  }

  /** Whether segment `msn` is complete. */
  hasSegment(msn: number): boolean {
    const last = this.segments.at(-1);
    if (last === undefined) return false;
    return msn < last.msn || (msn === last.msn && last.complete);
  }

  /** Committed bytes of the hinted part so far (for a streaming hint request that joins late). */
  hintChunks(number: number): readonly Uint8Array[] {
    return this.hint?.number === number ? this.#hintChunks : [];
  }

  /** Resolves a request path (without leading slash and query) to what it names, or null. */
  resolve(uri: string, now: number): ResolvedUri | null {
    if (INIT_URI.test(uri)) {
      const bytes = this.#inits.get(uri);
      return bytes === undefined ? null : { kind: 'init', uri, bytes };
    }
    const partMatch = this.#partPattern.exec(uri);
    // With --no-parts, parts are an internal step: never listed, never served.
    if (partMatch !== null && this.listParts) {
      const number = Number(partMatch[1]);
      if (this.hint?.number === number) return { kind: 'hint', hint: this.hint };
      const part = this.#parts.get(number);
      if (part === undefined || !this.partDownloadable(part)) return null;
      return { kind: 'part', part };
    }
    const segmentMatch = this.#segmentPattern.exec(uri);
    if (segmentMatch !== null) {
      const msn = Number(segmentMatch[1]);
      const segment = this.#findSegment(msn, now);
      if (segment === null || !segment.complete) return null;
      return { kind: 'segment', segment, bytes: this.segmentBytes(segment) };
    }
    return null;
  }

  /** A segment's bytes: exactly its parts' bytes concatenated (cached once complete). */
  segmentBytes(segment: Segment): Uint8Array {
    const cached = this.#segmentBytes.get(segment.msn);
    if (cached !== undefined) return cached;
    const bytes = concatBytes(segment.parts.map((p) => p.bytes));
    if (segment.complete) this.#segmentBytes.set(segment.msn, bytes);
    return bytes;
  }

  // ---- mutators, called by the Packager ----

  /** fMP4: a new init segment; the segments from the next one on need it (EXT-X-MAP). */
  setInit(bytes: Uint8Array): string {
    const uri = initUri(this.#initCount++);
    this.#inits.set(uri, bytes);
    this.#init = uri;
    return uri;
  }

  /** The next segment starts with EXT-X-DISCONTINUITY. */
  markDiscontinuity(): void {
    this.#pendingDiscontinuity = true;
  }

  /** Announces the part being filled (or withdraws the hint with null). */
  setHint(number: number | null, now: number): void {
    this.#hintChunks = [];
    this.hint = number === null ? null : { number, uri: this.partUri(number) };
    this.emit('hint', { hint: this.hint });
    if (this.segments.length > 0) this.#changed(now);
  }

  /** Appends final bytes to the hinted part (emitted for --hint-streaming). */
  appendHintData(number: number, chunk: Uint8Array): void {
    if (this.hint?.number !== number) return;
    this.#hintChunks.push(chunk);
    this.emit('hint-data', { number, chunk });
  }

  /** Publishes a complete part into the open segment, or into a new one after completeSegment(). */
  publishPart(input: PartInput, now: number): Part {
    let segment = this.openSegment;
    if (segment === null) {
      const msn = this.#nextMsn++;
      segment = {
        msn,
        uri: segmentUri(msn, this.container),
        map: this.#init,
        discontinuity: this.#pendingDiscontinuity,
        parts: [],
        complete: false,
        duration: 0,
        firstPts: input.firstPts,
        capture: input.capture,
        publish: Number.NaN,
      };
      this.#pendingDiscontinuity = false;
      this.segments.push(segment);
    }
    const part: Part = {
      ...input,
      msn: segment.msn,
      index: segment.parts.length,
      uri: this.partUri(input.number),
      publish: now,
    };
    segment.parts.push(part);
    // Durations have 5 decimals (as listed): keep the sum on that grid, free of float noise.
    segment.duration = Math.round((segment.duration + part.duration) * 1e5) / 1e5;
    this.#mediaEnd += part.duration;
    this.#segmentEnd.set(segment.msn, this.#mediaEnd);
    this.#parts.set(part.number, part);
    if (this.hint?.number === part.number) {
      this.hint = null;
      this.#hintChunks = [];
    }
    this.#prune(now);
    this.emit('part', { part });
    this.#changed(now);
    return part;
  }

  /** Completes the open segment (its EXTINF is listed from now on). `duration`: its span on the
   *  media timeline when the packager knows it (a gap its parts could not list), else their sum. */
  completeSegment(now: number, duration?: number): Segment | null {
    const segment = this.openSegment;
    if (segment === null) return null;
    if (duration !== undefined && duration > segment.duration) {
      this.#mediaEnd += duration - segment.duration;
      this.#segmentEnd.set(segment.msn, this.#mediaEnd);
      segment.duration = duration;
    }
    segment.complete = true;
    segment.publish = now;
    this.#trim(now);
    this.emit('segment', { segment });
    this.#changed(now);
    return segment;
  }

  #changed(now: number): void {
    this.version += 1;
    this.updatedAt = now;
    this.emit('update', { version: this.version, now });
  }

  /** 6.2.2: a part stays downloadable 3 target durations after its tag left the playlist. */
  partDownloadable(part: Part): boolean {
    const end = this.#segmentEnd.get(part.msn);
    if (end === undefined) return false;
    if (this.advertised === null) return true;
    return this.#mediaEnd - end < 6 * this.advertised.targetDuration;
  }

  /** Keeps `windowSegments` complete segments listed (plus the open one). */
  #trim(now: number): void {
    const complete = this.segments.filter((s) => s.complete).length;
    let excess = complete - this.#windowSegments;
    const playlistDuration = this.duration;
    while (excess > 0) {
      const removed = this.segments.shift()!;
      excess -= 1;
      this.mediaSequence = removed.msn + 1;
      // 6.2.2: removing an EXT-X-DISCONTINUITY tag increments EXT-X-DISCONTINUITY-SEQUENCE.
      if (removed.discontinuity) this.discontinuitySequence += 1;
      this.#retired.push({ segment: removed, expires: now + (removed.duration + playlistDuration) * 1000 });
    }
  }

  #prune(now: number): void {
    for (const [number, part] of this.#parts) {
      if (this.partDownloadable(part)) break; // insertion order = media order
      this.#parts.delete(number);
    }
    while (this.#retired.length > 0 && this.#retired[0]!.expires <= now) {
      const gone = this.#retired.shift()!;
      this.#segmentBytes.delete(gone.segment.msn);
      this.#segmentEnd.delete(gone.segment.msn);
    }
    if (this.#inits.size > 1) {
      // An init segment goes once neither the next segment nor a downloadable one needs it.
      const needed = new Set<string | null>([this.#init]);
      for (const segment of this.segments) needed.add(segment.map);
      for (const retired of this.#retired) needed.add(retired.segment.map);
      for (const uri of this.#inits.keys()) if (!needed.has(uri)) this.#inits.delete(uri);
    }
  }

  #findSegment(msn: number, now: number): Segment | null {
    const listed = this.segments.find((s) => s.msn === msn);
    if (listed !== undefined) return listed;
    const retired = this.#retired.find((r) => r.segment.msn === msn);
    return retired !== undefined && retired.expires > now ? retired.segment : null;
  }
}
