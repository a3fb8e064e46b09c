import type { MediaPlaylist } from '../hls/media-playlist.js';
import { median } from '../metrics/percentiles.js';
import type { MediaRequest, PlaylistRequest } from './engine.js';
import type { HttpResult } from './http-adapter.js';

/** Reload intervals kept for the median: a bounded sample, enough for a p50. */
const MAX_INTERVALS = 512;

/**
 * What one viewer counts. Small on purpose: the fan-out bench runs thousands of viewers, so only
 * numbers and one bounded array live here.
 */
export class ViewerCounters {
  playlistRequests = 0;
  blockingReloads = 0;
  skipRequests = 0;
  deltaUpdates = 0;
  parts = 0;
  segments = 0;
  hintRequests = 0;
  mediaRequests = 0;
  bytes = 0;
  bytesFetchedTwice = 0;
  errors = 0;
  /** Requests that met no server (refused, reset, TLS): a subset of `errors`. */
  connectionErrors = 0;
  /** Reloads the playlist's numbers asked for sooner than the floor (./reload-pacing.ts). */
  reloadsAtFloor = 0;
  serverTimingSeen = 0;
  stalls = 0;
  stallMs = 0;
  chunkedTransfers = 0;
  startupMs: number | null = null;
  consecutivePlaylistFailures = 0;
  #lastPlaylistAt: number | null = null;
  readonly #intervals: number[] = [];
  #intervalCount = 0;

  onPlaylist(request: PlaylistRequest, result: HttpResult, playlist: MediaPlaylist | null, at: number): void {
    this.playlistRequests += 1;
    if (request.msn !== null) this.blockingReloads += 1;
    if (request.skip) this.skipRequests += 1;
    if (playlist?.delta === true) this.deltaUpdates += 1;
    if (result.serverTiming !== null) this.serverTimingSeen += 1;
    this.consecutivePlaylistFailures = playlist === null ? this.consecutivePlaylistFailures + 1 : 0;
    if (playlist !== null) {
      if (this.#lastPlaylistAt !== null) this.#addInterval(at - this.#lastPlaylistAt);
      this.#lastPlaylistAt = at;
    }
  }

  onMedia(request: MediaRequest, result: HttpResult, ok: boolean, _duration: number | null): void {
    this.mediaRequests += 1;
    this.bytes += result.bytes;
    if (result.serverTiming !== null) this.serverTimingSeen += 1;
    if (request.hinted) this.hintRequests += 1;
    if (request.refetch) this.bytesFetchedTwice += result.bytes;
    if (!ok) return;
    if (request.kind === 'part') this.parts += 1;
    else this.segments += 1;
    if (result.transfer === 'chunked') this.chunkedTransfers += 1;
  }

  onStall(durationMs: number | null): void {
    this.stalls += 1;
    this.stallMs += durationMs ?? 0;
  }

  /** Median interval between successive playlist responses, ms. */
  reloadIntervalP50(): number | null {
    return median(this.#intervals);
  }

  toRecord(): Record<string, number> {
    const out: Record<string, number> = {
      playlistRequests: this.playlistRequests,
      blockingReloads: this.blockingReloads,
      skipRequests: this.skipRequests,
      deltaUpdates: this.deltaUpdates,
      parts: this.parts,
      segments: this.segments,
      hintRequests: this.hintRequests,
      mediaRequests: this.mediaRequests,
      bytes: this.bytes,
      bytesFetchedTwice: this.bytesFetchedTwice,
      errors: this.errors,
      connectionErrors: this.connectionErrors,
      reloadsAtFloor: this.reloadsAtFloor,
      serverTimingSeen: this.serverTimingSeen,
      stalls: this.stalls,
      stallMs: Math.round(this.stallMs),
      chunkedTransfers: this.chunkedTransfers,
    };
    const p50 = this.reloadIntervalP50();
    if (p50 !== null) out['reloadIntervalP50Ms'] = Math.round(p50 * 10) / 10;
    if (this.startupMs !== null) out['startupMs'] = Math.round(this.startupMs);
    return out;
  }

  #addInterval(ms: number): void {
    // Reservoir sampling keeps a fair sample of every interval in bounded memory.
    this.#intervalCount += 1;
    if (this.#intervals.length < MAX_INTERVALS) this.#intervals.push(ms);
    else {
      const slot = Math.floor(Math.random() * this.#intervalCount);
      if (slot < MAX_INTERVALS) this.#intervals[slot] = ms;
    }
  }
}
