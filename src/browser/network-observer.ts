import type { Page, Request } from 'playwright-core';
import { readDirectives } from '../hls/ll-hls-url.js';
import { lastListedPart, lastSegmentMsn } from '../hls/media-playlist.js';
import { parsePlaylist } from '../hls/parse-playlist.js';
import {
  captureToFirstByte,
  captureToLastByte,
  delivery,
  playlistHold,
  RoundTripFloor,
} from '../metrics/latency.js';
import {
  CaptureTimeSource,
  type MediaSample,
  type PlaylistSample,
  type RequestTiming,
  type Sample,
} from '../run/types.js';
import { parseServerTiming } from '../server-timing.js';
import { HARNESS_PREFIX } from './harness-page.js';
import { PlaylistCatalog } from './playlist-catalog.js';
import type { MediaTimes, TimestampsView } from './timestamps-view.js';

export interface NetworkCounters {
  playlists: number;
  blockingReloads: number;
  deltaUpdates: number;
  parts: number;
  segments: number;
  hintRequests: number;
  otherRequests: number;
  failedRequests: number;
  mediaBytes: number;
}

export interface NetworkObserverOptions {
  toServerTime: (clientEpochMs: number) => number;
  emit: (sample: Sample) => void;
  /** The latest timestamps.json view, or null when the server publishes none. */
  view: () => TimestampsView | null;
}

/**
 * Watches the page's network through Playwright (not through the player, which could hide a
 * fallback): every playlist and media request becomes a sample, and the counters decide whether
 * the player really played low-latency. Requests are handled strictly in the order they
 * finished, so a playlist is in the catalog before the hinted part it announced is classified.
 */
export class NetworkObserver {
  readonly counters: NetworkCounters = {
    playlists: 0,
    blockingReloads: 0,
    deltaUpdates: 0,
    parts: 0,
    segments: 0,
    hintRequests: 0,
    otherRequests: 0,
    failedRequests: 0,
    mediaBytes: 0,
  };
  readonly catalog = new PlaylistCatalog();
  #queue: Promise<void> = Promise.resolve();
  /** Smallest time to first byte of a request the server answers at once: the round trip that
   *  is subtracted from a blocking reload's wait to give playlist_hold. */
  readonly #roundTrips = new RoundTripFloor();
  readonly #options: NetworkObserverOptions;
  readonly #detach: () => void;
  /**
   * Media samples whose part the last /timestamps.json did not list yet: a part is fetched the
   * moment it is published, before the next refresh can list it. Held until a refresh that began
   * after they finished (see `release`), then emitted with their capture and publish times.
   */
  readonly #pending: Array<{ sample: MediaSample; finishedAt: number }> = [];

  constructor(page: Page, options: NetworkObserverOptions) {
    this.#options = options;
    const finished = (request: Request): void => this.#enqueue(request, null);
    const failed = (request: Request): void =>
      this.#enqueue(request, request.failure()?.errorText ?? 'failed');
    page.on('requestfinished', finished);
    page.on('requestfailed', failed);
    this.#detach = () => {
      page.off('requestfinished', finished);
      page.off('requestfailed', failed);
    };
  }

  /** Stops listening and waits for the requests already seen to be handled. */
  async close(): Promise<void> {
    this.#detach();
    await this.#queue;
  }

  /**
   * Emits the held media samples the view now lists, with their times, and those that finished
   * before `requestedAt` (the start of the refresh that produced the current view) without:
   * that refresh would have listed them. `Infinity` emits everything (end of the run).
   */
  release(requestedAt: number): void {
    let kept = 0;
    for (const held of this.#pending) {
      const { sample } = held;
      const times = this.#options.view()?.media(sample.msn, sample.part ?? null) ?? null;
      if (times !== null) this.#options.emit(withTimes(sample, times));
      else if (held.finishedAt < requestedAt) this.#options.emit(sample);
      else this.#pending[kept++] = held;
    }
    this.#pending.length = kept;
  }

  #enqueue(request: Request, failure: string | null): void {
    this.#queue = this.#queue.then(() => this.#handle(request, failure)).catch(() => undefined);
  }

  async #handle(request: Request, failure: string | null): Promise<void> {
    const url = request.url();
    if (!url.startsWith('http') || new URL(url).pathname.startsWith(HARNESS_PREFIX)) return;
    const response = await request.response().catch(() => null);
    const timing = this.#timing(request);
    const status = response?.status() ?? 0;
    if (failure !== null || status >= 400) this.counters.failedRequests++;
    const contentType = (await response?.headerValue('content-type').catch(() => null)) ?? '';
    const serverTiming = parseServerTiming(
      (await response?.headerValue('server-timing').catch(() => null)) ?? undefined,
    );
    if (new URL(url).pathname.endsWith('.m3u8') || /mpegurl/i.test(contentType)) {
      const text = failure === null && response !== null ? await response.text().catch(() => '') : '';
      this.#playlist(url, text, status, timing, serverTiming, failure);
      return;
    }
    const ref = this.catalog.classify(url, timing.start);
    if (ref === null) {
      this.counters.otherRequests++;
      return;
    }
    const sizes = failure === null ? await request.sizes().catch(() => null) : null;
    const bytes = sizes?.responseBodySize ?? 0;
    if (ref.kind === 'part') this.counters.parts++;
    else this.counters.segments++;
    if (ref.hinted) this.counters.hintRequests++;
    this.counters.mediaBytes += bytes;
    if (!ref.hinted) this.#roundTrips.note(timing);
    const view = this.#options.view();
    const times = view?.media(ref.msn, ref.part) ?? null;
    const sample: MediaSample = {
      type: 'media',
      t: timing.start,
      client: 'browser',
      viewer: 0,
      kind: ref.kind,
      uri: url,
      msn: ref.msn,
      part: ref.part,
      hinted: ref.hinted,
      status,
      bytes,
      timing,
      duration: ref.duration,
      capture: null,
      captureSource: null,
      publish: null,
      capture_to_first_byte: null,
      capture_to_last_byte: null,
      delivery: null,
      transfer: 'unknown',
      serverTiming,
      error: failure ?? (status >= 400 ? `HTTP ${status}` : null),
    };
    if (times !== null) this.#options.emit(withTimes(sample, times));
    else if (view === null || sample.error !== null) this.#options.emit(sample);
    else this.#pending.push({ sample, finishedAt: Date.now() });
  }

  #playlist(
    url: string,
    text: string,
    status: number,
    timing: RequestTiming,
    serverTiming: Record<string, number> | null,
    failure: string | null,
  ): void {
    this.counters.playlists++;
    const directives = readDirectives(new URL(url));
    const blocking = directives.msn !== null;
    if (blocking) this.counters.blockingReloads++;
    else if (failure === null) this.#roundTrips.note(timing);
    let error = failure ?? (status >= 400 ? `HTTP ${status}` : null);
    let media = null;
    if (error === null) {
      try {
        const playlist = parsePlaylist(text);
        if (playlist.kind === 'media') {
          media = playlist;
          if (playlist.delta) this.counters.deltaUpdates++;
        }
        this.catalog.add(url, playlist, timing.end ?? timing.start);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const last = media === null ? null : lastListedPart(media);
    const sample: PlaylistSample = {
      type: 'playlist',
      t: timing.start,
      client: 'browser',
      viewer: 0,
      uri: url,
      request: { msn: directives.msn, part: directives.part, skip: directives.skip !== null },
      status,
      timing,
      playlist_hold: playlistHold(timing, blocking, this.#roundTrips.best),
      mediaSequence: media?.mediaSequence ?? null,
      lastMsn: media === null ? null : lastSegmentMsn(media),
      lastPart: last === null ? null : { msn: last.msn, part: last.index },
      skipped: media?.skipped ?? null,
      bytes: Buffer.byteLength(text),
      serverTiming,
      error,
    };
    this.#options.emit(sample);
  }

  /** Playwright's timing: `startTime` is epoch ms, the rest are ms after it or -1. */
  #timing(request: Request): RequestTiming {
    const t = request.timing();
    const at = (relative: number): number | null =>
      relative >= 0 ? this.#options.toServerTime(t.startTime + relative) : null;
    return {
      start: this.#options.toServerTime(t.startTime),
      firstByte: at(t.responseStart),
      end: at(t.responseEnd),
    };
  }
}

/** A media sample with its part's capture and publish times from /timestamps.json. */
function withTimes(sample: MediaSample, times: MediaTimes): MediaSample {
  const { timing } = sample;
  return {
    ...sample,
    capture: times.capture,
    captureSource: CaptureTimeSource.Timestamps,
    publish: times.publish,
    capture_to_first_byte: captureToFirstByte(timing, times.capture),
    capture_to_last_byte: captureToLastByte(timing, times.capture),
    delivery: delivery(timing, times.publish),
  };
}
