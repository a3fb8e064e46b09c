import type { MediaPlaylist } from '../hls/media-playlist.js';

/**
 * A player the harness page can drive. The player itself runs in the page, so an adapter is two
 * halves: Node-side facts (name, version, the script files to serve, the effective config) and
 * `pageSource`, JavaScript that defines `window.__llhlsPlayer`, an object implementing
 * {@link PagePlayer}. The harness page (frames, stalls, batching) talks only to that object, so a
 * second player (Shaka, dash.js, native HLS) is a new adapter and nothing else.
 */
export interface PlayerAdapter {
  readonly name: string;
  version(): string;
  /** Files served next to the harness page (path relative to the page → type and body). */
  assets(): Record<string, { contentType: string; body: () => Buffer | string }>;
  /** Script paths (keys of `assets()`) the page loads, in order, before `pageSource`. */
  readonly scripts: readonly string[];
  /** Defines `window.__llhlsPlayer` (see {@link PagePlayer}). Plain JS: it runs in the page. */
  readonly pageSource: string;
  /** The configuration the player will get: its low-latency defaults with `overrides` on top. */
  effectiveConfig(overrides: Record<string, unknown>): Record<string, unknown>;
  /**
   * Options that let the player catch up with the live edge, aiming `holdBack` seconds behind the
   * end of the playlist (`--catch-up`); they go under the user's own overrides.
   */
  catchUpConfig(holdBack: number): Record<string, unknown>;
  /**
   * Why this player is known to fail on a stream, read from its media playlist before it plays
   * (e.g. Shaka on MPEG-TS parts), or null. The client says so at once and in the run.
   */
  knownFailure?(playlist: MediaPlaylist): string | null;
}

/** Emitted by a page player; `t` and the load timings are client epoch ms. */
export type PagePlayerEmit = (kind: 'event' | 'error' | 'load', payload: Record<string, unknown>) => void;

/**
 * The in-page half, documented here for adapter authors (the page code is plain JS, so this type
 * is the contract it is reviewed against).
 */
export interface PagePlayer {
  readonly name: string;
  readonly version: string;
  /** Starts loading `src` into `video` with `config`; reports through `emit`. */
  load(video: HTMLVideoElement, src: string, config: Record<string, unknown>, emit: PagePlayerEmit): void;
  /** The player's own latency view, seconds; null where it has none. */
  state(): { latency: number | null; targetLatency: number | null; drift: number | null };
  /** Capture time (epoch ms) of the frame at `mediaTime`, from the player's PDT mapping. */
  captureAt(mediaTime: number): number | null;
  /** The configuration the player really runs with (its defaults resolved), JSON values only;
   *  null before `load` or where the player cannot tell. */
  resolvedConfig(): Record<string, unknown> | null;
  destroy(): void;
}
