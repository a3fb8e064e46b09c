import type { TimestampsDocument, TimestampsStreamInfo } from '../hls/timestamps.js';
import { TIMESTAMPS_SCHEMA } from '../hls/timestamps.js';
import { mediaKey } from './engine.js';
import type { HttpAdapter } from './http-adapter.js';

export interface CaptureRecord {
  /** Capture of the first frame, server epoch ms. */
  capture: number;
  /** When the part or segment was published at the origin; null for a segment still filling. */
  publish: number | null;
}

/** Refetch no more often than this: parts end at the same instant for every viewer. */
export const TIMESTAMPS_MIN_INTERVAL_MS = 50;
const MAX_ENTRIES = 8192;
const MAX_TRIES = 3;

/**
 * A server's `/timestamps.json`, shared by every viewer: looks up (msn, part) → capture and
 * publish, refetching (coalesced, at most every 50 ms) when a part is not in the cached copy.
 */
export class TimestampsSource {
  readonly url: string;
  readonly #http: HttpAdapter;
  readonly #index = new Map<string, CaptureRecord>();
  #stream: TimestampsStreamInfo | null = null;
  #inFlight: Promise<void> | null = null;
  #lastFetchAt = 0;
  /** Newest (msn, part) the server has published, to stop waiting for one it never will. */
  #newest: { msn: number; part: number } = { msn: -1, part: -1 };
  fetches = 0;

  private constructor(url: string, http: HttpAdapter) {
    this.url = url;
    this.#http = http;
  }

  /** Probes `<origin>/timestamps.json` once; null when the server does not publish one. */
  static async probe(
    playlistUrl: string,
    http: HttpAdapter,
    signal?: AbortSignal,
  ): Promise<TimestampsSource | null> {
    const source = new TimestampsSource(new URL('/timestamps.json', playlistUrl).toString(), http);
    const ok = await source.#fetch(signal);
    return ok ? source : null;
  }

  get stream(): TimestampsStreamInfo | null {
    return this.#stream;
  }

  lookup(msn: number, part: number | null): CaptureRecord | null {
    return this.#index.get(mediaKey(msn, part)) ?? null;
  }

  /** Looks up, refetching a few times while the server may still publish the entry. */
  async resolve(msn: number, part: number | null, signal?: AbortSignal): Promise<CaptureRecord | null> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
      const hit = this.lookup(msn, part);
      if (hit !== null && (hit.publish !== null || part !== null)) return hit;
      if (signal?.aborted) return hit;
      const newest = this.#newest;
      const passed = newest.msn > msn + 1 || (newest.msn === msn && part !== null && newest.part > part + 1);
      if (attempt > 0 && passed) return hit;
      await this.#refresh(signal);
    }
    return this.lookup(msn, part);
  }

  async #refresh(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight !== null) return this.#inFlight;
    const wait = this.#lastFetchAt + TIMESTAMPS_MIN_INTERVAL_MS - this.#http.clock();
    this.#inFlight = (async () => {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.#fetch(signal);
    })().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #fetch(signal?: AbortSignal): Promise<boolean> {
    this.#lastFetchAt = this.#http.clock();
    this.fetches += 1;
    const result = await this.#http.get(
      this.url,
      signal === undefined ? { keepBody: true } : { keepBody: true, signal },
    );
    if (result.error !== null || result.status !== 200 || result.body === null) return false;
    let doc: TimestampsDocument;
    try {
      doc = JSON.parse(result.body.toString('utf8')) as TimestampsDocument;
    } catch {
      return false;
    }
    if (doc.schema !== TIMESTAMPS_SCHEMA || !Array.isArray(doc.segments)) return false;
    this.#ingest(doc);
    return true;
  }

  #ingest(doc: TimestampsDocument): void {
    this.#stream = doc.stream ?? null;
    for (const segment of doc.segments) {
      this.#index.set(mediaKey(segment.msn, null), {
        capture: segment.capture,
        publish: segment.complete ? segment.publish : null,
      });
      for (const part of segment.parts ?? []) {
        this.#index.set(mediaKey(part.msn, part.part), { capture: part.capture, publish: part.publish });
        const n = this.#newest;
        if (part.msn > n.msn || (part.msn === n.msn && part.part > n.part)) {
          this.#newest = { msn: part.msn, part: part.part };
        }
      }
      if (segment.msn > this.#newest.msn) this.#newest = { msn: segment.msn, part: -1 };
    }
    // Map keeps insertion order: drop the oldest entries.
    while (this.#index.size > MAX_ENTRIES) {
      const oldest = this.#index.keys().next().value;
      if (oldest === undefined) break;
      this.#index.delete(oldest);
    }
  }
}
