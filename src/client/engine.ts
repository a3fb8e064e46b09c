import type { ByteRange, MediaPlaylist, PlaylistPart } from '../hls/media-playlist.js';
import { lastListedPart, lastSegmentMsn } from '../hls/media-playlist.js';
import { decideReload, type PacingPlaylist, ReloadAnswer, type ReloadDecision } from './reload-pacing.js';
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
/** An event worth recording in the run (resync, full reload after a failed merge). */
interface EngineNote {
  name: string;
  detail: Record<string, unknown>;
}
const NO_NOTES: readonly EngineNote[] = Object.freeze([]);

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
  /** When the playlist request in flight (or the last one) was sent, client epoch ms. */
  #sentAt = Number.NEGATIVE_INFINITY;
  #failures = 0;
  /** Answers in a row that did not advance the view (unchanged, or a delta that cannot merge). */
  #notAdvancing = 0;
  #lastOkAt: number | null = null;
  #forceFull = false;
  #queue: MediaRequest[] = [];
  /** (msn, part) key → URI requested, for the recent window only. */
  readonly #requested = new Map<string, string>();
  /** Hinted URI → the (msn, part) key guessed for it. The guess can be wrong at a segment
   *  boundary: a hint after part N may become part 0 of the next segment. The listing decides. */
  readonly #hinted = new Map<string, string>();
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
  drainNotes(): readonly EngineNote[] {
    if (this.#notes.length === 0) return NO_NOTES;
    return this.#notes.splice(0, this.#notes.length);
  }

  /** Requests to send now; each is considered in flight once returned. */
  next(now: number): EngineRequest[] {
    const out: EngineRequest[] = this.#queue.splice(0, this.#queue.length);
    if (!this.#playlistInFlight && now >= this.#nextPlaylistAt && !this.#endReached()) {
      const request = this.#playlistRequest(now);
      this.#playlistInFlight = true;
      this.#sentAt = now;
      out.push(request);
    }
    return out;
  }

  /** When a playlist request is next due (client epoch ms), or null while one is in flight. */
  wakeAt(): number | null {
    if (this.#playlistInFlight || this.#endReached()) return null;
    return this.#nextPlaylistAt;
  }

  /**
   * Takes a playlist answer in and decides when the next playlist request goes
   * (./reload-pacing.ts): returned so the caller can record what held it back.
   */
  onPlaylist(request: PlaylistRequest, outcome: PlaylistOutcome): ReloadDecision {
    this.#playlistInFlight = false;
    const { at } = outcome;
    if (outcome.playlist === null) {
      this.#failures += 1;
      return this.#decide(request, at, ReloadAnswer.Failed, this.#failures, this.#view, false);
    }
    this.#failures = 0;
    const incoming = outcome.playlist;
    const previous = this.#view;
    let merged = sharedMerge(previous, incoming);
    // A delta nobody asked for (6.2.5.1 forbids it) is still a true list of the newest segments:
    // play from it rather than ask for a full playlist the server will not send.
    if (merged === null && !request.skip) merged = incoming;
    if (merged === null) {
      // The delta skipped segments this view never had: ask for a full playlist next.
      this.#forceFull = true;
      this.#notAdvancing += 1;
      this.#notes.push({ name: 'delta-merge-failed', detail: { mediaSequence: incoming.mediaSequence } });
      return this.#decide(request, at, ReloadAnswer.Unusable, this.#notAdvancing, incoming, false);
    }
    this.#forceFull = false;
    this.#view = merged;
    this.#lastOkAt = at;
    if (this.#cursor === null) this.#cursor = startPosition(merged);
    const changed = previous === null || playlistAdvanced(previous, merged);
    this.#notAdvancing = changed ? 0 : this.#notAdvancing + 1;
    this.#enqueueMedia(merged);
    this.#prune(merged);
    const hasRequested = request.msn !== null && contains(merged, request.msn, request.part);
    return changed
      ? this.#decide(request, at, ReloadAnswer.Advanced, 0, merged, hasRequested)
      : this.#decide(request, at, ReloadAnswer.Unchanged, this.#notAdvancing, merged, hasRequested);
  }

  #decide(
    request: PlaylistRequest,
    at: number,
    answer: ReloadAnswer,
    streak: number,
    view: MediaPlaylist | null,
    hasRequested: boolean,
  ): ReloadDecision {
    const decision = decideReload({
      answer,
      sentAt: this.#sentAt,
      at,
      blocking: request.msn !== null,
      hasRequested,
      playlist: view === null ? null : pacingPlaylist(view),
      streak,
    });
    this.#nextPlaylistAt = decision.nextAt;
    return decision;
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

function pacingPlaylist(view: MediaPlaylist): PacingPlaylist {
  return {
    parts: usesParts(view),
    canBlockReload: view.serverControl?.canBlockReload === true,
    endList: view.endList,
    partTarget: view.partTarget,
    targetDuration: view.targetDuration,
    lastSegmentDuration: view.segments.at(-1)?.duration ?? null,
  };
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
