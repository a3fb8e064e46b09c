import type { ByteRange, MediaPlaylist, PlaylistPart } from '../hls/media-playlist.js';
import { lastListedPart, lastSegmentMsn } from '../hls/media-playlist.js';
import { RequestUrls } from './request-urls.js';
import { sharedListedParts, sharedMerge } from './shared-views.js';

/** A playlist request the engine wants sent. */
export interface PlaylistRequest {
  type: 'playlist';
  url: string;
  msn: number | null;
  part: number | null;
  skip: boolean;
}

/** A part or segment request the engine wants sent. */
export interface MediaRequest {
  type: 'media';
  kind: 'part' | 'segment';
  /** Absolute URL. */
  url: string;
  /** The URI as the playlist wrote it. */
  uri: string;
  msn: number;
  part: number | null;
  /** Sent for the EXT-X-PRELOAD-HINT before the part was listed. */
  hinted: boolean;
  /** The same (msn, part) was requested before under another URI: its bytes are fetched twice. */
  refetch: boolean;
  /** Seconds; null for a hinted part (not listed yet). */
  duration: number | null;
  /** Capture of the first frame by PROGRAM-DATE-TIME + preceding parts, epoch ms; null if unknown. */
  pdtCapture: number | null;
  range: ByteRange | null;
}

export type EngineRequest = PlaylistRequest | MediaRequest;

/** What came back for a playlist request. `playlist` null: network error, bad status or bad text. */
export interface PlaylistOutcome {
  playlist: MediaPlaylist | null;
  /** Client epoch ms when the response completed. */
  at: number;
}

interface Position {
  msn: number;
  part: number | null;
}

/** Marks "asked, got nothing" in the requested map. */
const FAILED = '';
/** Returned when there is nothing to drain (frozen: shared by every engine). */
const NO_NOTES = Object.freeze([]) as unknown as Array<{ name: string; detail: Record<string, unknown> }>;

/** Reload backoff after failures: 100 ms doubling, capped at 2 s. */
export function backoffMs(failures: number): number {
  return Math.min(2000, 100 * 2 ** Math.max(0, failures - 1));
}

export function mediaKey(msn: number, part: number | null): string {
  return part === null ? `${msn}` : `${msn}.${part}`;
}

/**
 * The client engine: decides the next requests from what it has seen, like a low-latency player.
 * Pure: time comes in as `now` (client epoch ms), requests go out as data.
 *
 * With parts: after each playlist, one blocking reload for the part after the last listed one
 * (`_HLS_msn`/`_HLS_part`, `_HLS_skip=YES` when allowed) and, at the same time, the preload-hinted
 * part; listed parts not yet requested are fetched. Without parts: blocking reload on the next msn
 * when the server can block, else polling (6.3.4). Starts PART-HOLD-BACK (parts) or three target
 * durations (segments) from the live edge (6.3.3).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.3.4
 */
export class Engine {
  readonly playlistUrl: string;
  #view: MediaPlaylist | null = null;
  #cursor: Position | null = null;
  #playlistInFlight = false;
  #nextPlaylistAt = 0;
  #failures = 0;
  #lastOkAt: number | null = null;
  #forceFull = false;
  #queue: MediaRequest[] = [];
  /** (msn, part) key → URI requested, for the recent window only. */
  readonly #requested = new Map<string, string>();
  /** Hinted URI → the (msn, part) key guessed for it. The guess can be wrong at a segment
   *  boundary: a hint after part N may become part 0 of the next segment. The listing decides. */
  readonly #hinted = new Map<string, string>();
  #lastRequest: PlaylistRequest | null = null;
  readonly #notes: Array<{ name: string; detail: Record<string, unknown> }> = [];
  readonly #urls: RequestUrls;
  /** The floor the request maps were last pruned to. */
  #prunedFloor = Number.NEGATIVE_INFINITY;

  constructor(playlistUrl: string) {
    this.playlistUrl = playlistUrl;
    this.#urls = new RequestUrls(playlistUrl);
  }

  /** The merged full view of the playlist (delta updates applied), or null before the first load. */
  get view(): MediaPlaylist | null {
    return this.#view;
  }

  get mode(): 'parts' | 'segments' | null {
    if (this.#view === null) return null;
    return usesParts(this.#view) ? 'parts' : 'segments';
  }

  get finished(): boolean {
    return this.#view?.endList === true && this.#queue.length === 0 && this.#cursorPastEnd();
  }

  /** Events worth recording (resync, full reload after a failed merge), drained by the caller. */
  drainNotes(): Array<{ name: string; detail: Record<string, unknown> }> {
    if (this.#notes.length === 0) return NO_NOTES;
    return this.#notes.splice(0, this.#notes.length);
  }

  /** Requests to send now; each is considered in flight once returned. */
  next(now: number): EngineRequest[] {
    const out: EngineRequest[] = this.#queue.splice(0, this.#queue.length);
    if (!this.#playlistInFlight && now >= this.#nextPlaylistAt && !this.#endReached()) {
      const request = this.#playlistRequest(now);
      this.#playlistInFlight = true;
      this.#lastRequest = request;
      out.push(request);
    }
    return out;
  }

  /** When a playlist request is next due (client epoch ms), or null while one is in flight. */
  wakeAt(): number | null {
    if (this.#playlistInFlight || this.#endReached()) return null;
    return this.#nextPlaylistAt;
  }

  onPlaylist(request: PlaylistRequest, outcome: PlaylistOutcome): void {
    this.#playlistInFlight = false;
    const { at } = outcome;
    if (outcome.playlist === null) {
      this.#failures += 1;
      this.#nextPlaylistAt = at + backoffMs(this.#failures);
      return;
    }
    this.#failures = 0;
    const incoming = outcome.playlist;
    const previous = this.#view;
    const merged = sharedMerge(previous, incoming);
    if (merged === null) {
      // The delta skipped segments this view never had: ask for a full playlist next.
      this.#forceFull = true;
      this.#notes.push({ name: 'delta-merge-failed', detail: { mediaSequence: incoming.mediaSequence } });
      this.#nextPlaylistAt = at;
      return;
    }
    this.#forceFull = false;
    this.#view = merged;
    this.#lastOkAt = at;
    if (this.#cursor === null) this.#cursor = startPosition(merged);
    const changed = previous === null || playlistAdvanced(previous, merged);
    this.#enqueueMedia(merged);
    this.#prune(merged);
    this.#nextPlaylistAt = at + this.#reloadDelayMs(request, merged, changed);
  }

  /** A media request ended; a failed hinted part is fetched again once listed. */
  onMedia(request: MediaRequest, ok: boolean): void {
    // '' marks "asked, got nothing": fetch it when listed, and do not count its bytes as twice.
    if (!ok && request.hinted) this.#requested.set(mediaKey(request.msn, request.part), FAILED);
  }

  #playlistRequest(now: number): PlaylistRequest {
    const view = this.#view;
    if (view === null) {
      return { type: 'playlist', url: this.playlistUrl, msn: null, part: null, skip: false };
    }
    const control = view.serverControl;
    const skip =
      !this.#forceFull &&
      control?.canSkipUntil != null &&
      this.#lastOkAt !== null &&
      // 6.2.5.1: only with a playlist no older than half the skip boundary.
      now - this.#lastOkAt < (control.canSkipUntil * 1000) / 2;
    let msn: number | null = null;
    let part: number | null = null;
    if (control?.canBlockReload === true && !view.endList) {
      const target = nextPosition(view);
      msn = target.msn;
      part = target.part;
    }
    const url = this.#urls.reload(msn, part, skip);
    return { type: 'playlist', url, msn, part, skip };
  }

  #reloadDelayMs(request: PlaylistRequest, view: MediaPlaylist, changed: boolean): number {
    if (view.endList) return Number.POSITIVE_INFINITY;
    const partTarget = view.partTarget ?? 0;
    const target = view.targetDuration ?? 1;
    if (request.msn !== null) {
      // A blocking reload answered without what it asked for: the server does not hold. Wait a
      // part (or half a target duration) rather than hammer it.
      return contains(view, request.msn, request.part)
        ? 0
        : (partTarget > 0 ? partTarget : target / 2) * 1000;
    }
    if (this.#lastRequest !== null && this.#lastRequest.msn === null && view.serverControl?.canBlockReload) {
      return 0; // first load done: the next request blocks
    }
    if (usesParts(view)) return partTarget * 1000;
    // 6.3.4: after a changed playlist wait the last segment's duration, else half the target.
    const last = view.segments.at(-1)?.duration ?? target;
    return (changed ? last : target / 2) * 1000;
  }

  #enqueueMedia(view: MediaPlaylist): void {
    const cursor = this.#cursor;
    if (cursor === null) return;
    if (usesParts(view)) this.#enqueueParts(view, cursor);
    else this.#enqueueSegments(view, cursor);
  }

  #pushSegment(segment: MediaPlaylist['segments'][number]): void {
    this.#pushMedia({
      kind: 'segment',
      uri: segment.uri,
      msn: segment.msn,
      part: null,
      hinted: false,
      duration: segment.duration,
      pdtCapture: segment.pdt,
      range: null,
    });
  }

  #enqueueSegments(view: MediaPlaylist, cursor: Position): void {
    const first = view.segments[0]?.msn;
    if (first !== undefined && cursor.msn < first) {
      this.#notes.push({ name: 'resync', detail: { from: cursor.msn, to: startPosition(view).msn } });
      this.#cursor = startPosition(view);
    }
    const at = this.#cursor ?? cursor;
    for (const segment of view.segments) {
      if (segment.msn < at.msn) continue;
      this.#pushSegment(segment);
      at.msn = segment.msn + 1;
      at.part = null;
    }
    this.#cursor = { msn: at.msn, part: null };
  }

  #enqueueParts(view: MediaPlaylist, cursor: Position): void {
    const parts = sharedListedParts(view);
    const oldest = parts[0];
    let at: Position = { msn: cursor.msn, part: cursor.part ?? 0 };
    // Fell behind the parts still listed: whole segments bridge the gap, else start again at the edge.
    while (oldest !== undefined && before(at, { msn: oldest.msn, part: oldest.index })) {
      const segment = view.segments.find((s) => s.msn === at.msn);
      if (segment === undefined) {
        const restart = startPosition(view);
        this.#notes.push({ name: 'resync', detail: { from: at, to: restart } });
        at = { msn: restart.msn, part: restart.part ?? 0 };
        break;
      }
      this.#pushSegment(segment);
      at = { msn: segment.msn + 1, part: 0 };
    }
    for (const part of parts) {
      const key = mediaKey(part.msn, part.index);
      if (this.#hinted.size > 0) this.#settleHint(part, key);
      const requestedUri = this.#requested.get(key);
      const behind = part.msn < at.msn || (part.msn === at.msn && part.index < (at.part ?? 0));
      if (behind && requestedUri !== FAILED && (requestedUri === undefined || requestedUri === part.uri))
        continue;
      if (!behind && requestedUri === part.uri) {
        at = { msn: part.msn, part: part.index + 1 };
        continue;
      }
      this.#pushMedia({
        kind: 'part',
        uri: part.uri,
        msn: part.msn,
        part: part.index,
        hinted: false,
        duration: part.duration,
        pdtCapture: partCapture(view, part),
        range: part.byteRange,
      });
      if (!behind) at = { msn: part.msn, part: part.index + 1 };
    }
    at = normalize(view, at);
    const hint = view.preloadHint;
    if (hint !== null && hint.type === 'PART' && hint.msn === at.msn && hint.index === at.part) {
      if (this.#requested.get(mediaKey(hint.msn, hint.index)) === undefined) {
        this.#pushMedia({
          kind: 'part',
          uri: hint.uri,
          msn: hint.msn,
          part: hint.index,
          hinted: true,
          duration: null,
          pdtCapture: hintCapture(view),
          range: hint.byteRange,
        });
      }
      at = { msn: hint.msn, part: hint.index + 1 };
    }
    this.#cursor = at;
  }

  /** A listed part whose URI was hinted takes over the hinted request, wherever it was guessed. */
  #settleHint(part: PlaylistPart, key: string): void {
    const guessed = this.#hinted.get(part.uri);
    if (guessed === undefined) return;
    this.#hinted.delete(part.uri);
    if (guessed === key) return;
    const state = this.#requested.get(guessed);
    this.#requested.delete(guessed);
    if (state !== undefined) this.#requested.set(key, state === FAILED ? FAILED : part.uri);
  }

  /** Where the current view lists `uri` as a part, or null when it does not (yet). */
  positionOf(uri: string): { msn: number; part: number } | null {
    const view = this.#view;
    if (view === null) return null;
    for (let i = view.tailParts.length - 1; i >= 0; i -= 1) {
      const p = view.tailParts[i] as PlaylistPart;
      if (p.uri === uri) return { msn: p.msn, part: p.index };
    }
    for (let s = view.segments.length - 1; s >= 0 && s >= view.segments.length - 4; s -= 1) {
      for (const p of (view.segments[s] as { parts: PlaylistPart[] }).parts) {
        if (p.uri === uri) return { msn: p.msn, part: p.index };
      }
    }
    return null;
  }

  #pushMedia(media: Omit<MediaRequest, 'type' | 'url' | 'refetch'>): void {
    const key = mediaKey(media.msn, media.part);
    if (media.hinted) this.#hinted.set(media.uri, key);
    const previous = this.#requested.get(key);
    // A whole segment after some of its parts also re-fetches bytes.
    const partsBefore = media.part === null && this.#requested.has(mediaKey(media.msn, 0));
    this.#requested.set(key, media.uri);
    this.#queue.push({
      type: 'media',
      ...media,
      url: this.#urls.media(media.uri),
      refetch: (previous !== undefined && previous !== FAILED) || partsBefore,
    });
  }

  #prune(view: MediaPlaylist): void {
    const floor = view.mediaSequence - 2;
    // Keys below the floor are only ever added for parts the view lists (msn >= mediaSequence):
    // the maps change below the floor only when the floor moves.
    if (floor === this.#prunedFloor) return;
    this.#prunedFloor = floor;
    for (const key of this.#requested.keys()) {
      if (Number.parseInt(key, 10) < floor) this.#requested.delete(key);
    }
    for (const [uri, key] of this.#hinted) {
      if (Number.parseInt(key, 10) < floor) this.#hinted.delete(uri);
    }
  }

  #endReached(): boolean {
    return this.#view?.endList === true;
  }

  #cursorPastEnd(): boolean {
    const view = this.#view;
    const last = view === null ? null : lastSegmentMsn(view);
    return last === null || this.#cursor === null || this.#cursor.msn > last;
  }
}

function usesParts(view: MediaPlaylist): boolean {
  return (
    view.partTarget !== null && (view.tailParts.length > 0 || view.segments.some((s) => s.parts.length > 0))
  );
}

function before(a: Position, b: { msn: number; part: number | null }): boolean {
  return a.msn < b.msn || (a.msn === b.msn && (a.part ?? 0) < (b.part ?? 0));
}

/** A position past a complete segment's last part moves to the next segment's part 0. */
function normalize(view: MediaPlaylist, at: Position): Position {
  const segment = view.segments.find((s) => s.msn === at.msn);
  if (segment !== undefined && segment.parts.length > 0 && (at.part ?? 0) >= segment.parts.length) {
    return { msn: at.msn + 1, part: 0 };
  }
  return at;
}

/** The part after the last listed one: what a blocking reload asks for. */
export function nextPosition(view: MediaPlaylist): Position {
  if (!usesParts(view)) return { msn: (lastSegmentMsn(view) ?? view.mediaSequence - 1) + 1, part: null };
  if (view.preloadHint !== null && view.preloadHint.type === 'PART') {
    return { msn: view.preloadHint.msn, part: view.preloadHint.index };
  }
  const last = lastListedPart(view);
  if (last === null) return { msn: (lastSegmentMsn(view) ?? view.mediaSequence - 1) + 1, part: 0 };
  return normalize(view, { msn: last.msn, part: last.index + 1 });
}

/**
 * Where playback starts: the first part starting at least PART-HOLD-BACK (default 3 part targets)
 * from the end, or the first segment starting at least HOLD-BACK (default 3 target durations)
 * from the end.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.3.3
 */
export function startPosition(view: MediaPlaylist): Position {
  if (usesParts(view)) {
    const parts = sharedListedParts(view);
    const holdBack = view.serverControl?.partHoldBack ?? 3 * (view.partTarget ?? 0);
    let sum = 0;
    for (let i = parts.length - 1; i >= 0; i -= 1) {
      const part = parts[i] as PlaylistPart;
      sum += part.duration;
      if (sum >= holdBack - 1e-6) return { msn: part.msn, part: part.index };
    }
    const first = parts[0] as PlaylistPart;
    return { msn: first.msn, part: first.index };
  }
  const holdBack = view.serverControl?.holdBack ?? 3 * (view.targetDuration ?? 0);
  let sum = 0;
  for (let i = view.segments.length - 1; i >= 0; i -= 1) {
    const segment = view.segments[i];
    if (segment === undefined) break;
    sum += segment.duration;
    if (sum >= holdBack - 1e-6) return { msn: segment.msn, part: null };
  }
  return { msn: view.segments[0]?.msn ?? view.mediaSequence, part: null };
}

/** The view lists `msn` (complete) or part `part` of `msn`. */
export function contains(view: MediaPlaylist, msn: number, part: number | null): boolean {
  const last = lastSegmentMsn(view);
  if (last !== null && last >= msn) return true;
  if (part === null) return false;
  return view.tailParts.some((p) => p.msn === msn && p.index === part);
}

function playlistAdvanced(previous: MediaPlaylist, next: MediaPlaylist): boolean {
  const a = lastListedPart(previous);
  const b = lastListedPart(next);
  return lastSegmentMsn(previous) !== lastSegmentMsn(next) || a?.msn !== b?.msn || a?.index !== b?.index;
}

function partCapture(view: MediaPlaylist, part: PlaylistPart): number | null {
  const segment = view.segments.find((s) => s.msn === part.msn);
  const parts = segment === undefined ? view.tailParts : segment.parts;
  const base = segment === undefined ? view.tailPdt : segment.pdt;
  if (base === null) return null;
  let offset = 0;
  for (const p of parts) {
    if (p.index >= part.index) break;
    offset += p.duration;
  }
  return base + offset * 1000;
}

function hintCapture(view: MediaPlaylist): number | null {
  const hint = view.preloadHint;
  if (hint === null) return null;
  if (hint.index === 0) {
    const last = view.segments.at(-1);
    return last?.pdt == null ? null : last.pdt + last.duration * 1000;
  }
  if (view.tailPdt === null) return null;
  return view.tailPdt + view.tailParts.reduce((sum, p) => sum + p.duration, 0) * 1000;
}
