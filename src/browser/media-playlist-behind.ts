import { type Dispatcher, fetch } from 'undici';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { MediaPlaylist, Playlist } from '../hls/media-playlist.js';
import { parsePlaylist } from '../hls/parse-playlist.js';
import { tlsAdvice } from '../tls-options.js';

/** Fails fast, before a browser starts, on a URL the user got wrong. */
async function preflight(url: string, signal: AbortSignal, dispatcher: Dispatcher): Promise<Playlist> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
      dispatcher,
    });
  } catch (error) {
    const advice = tlsAdvice(error);
    throw new LlhlsError(
      LlhlsErrorCode.Unreachable,
      advice === null
        ? `cannot reach ${url} (${(error as Error).message}): check the URL and that the server is running`
        : `cannot reach ${url}: ${advice}`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new LlhlsError(
      LlhlsErrorCode.HttpStatus,
      `${url} answered HTTP ${response.status}: check the playlist URL`,
    );
  }
  return parsePlaylist(await response.text());
}

/** The media playlist behind `url`: itself, or the first variant's; null when none is found. */
async function mediaPlaylistOf(
  url: string,
  playlist: Playlist,
  signal: AbortSignal,
  dispatcher: Dispatcher,
): Promise<MediaPlaylist | null> {
  if (playlist.kind === 'media') return playlist;
  const variant = playlist.variants[0];
  if (variant === undefined) return null;
  const media = await preflight(new URL(variant.uri, url).href, signal, dispatcher);
  return media.kind === 'media' ? media : null;
}

/**
 * The media playlist a player would start on at `url` (itself, or the first variant's), read
 * before a browser starts: a URL the user got wrong fails fast, and a player's known failure on
 * the stream (PlayerAdapter.knownFailure) can be told at once.
 * @throws LlhlsError Unreachable or HttpStatus
 */
export async function mediaPlaylistBehind(
  url: string,
  signal: AbortSignal,
  dispatcher: Dispatcher,
): Promise<MediaPlaylist | null> {
  return mediaPlaylistOf(url, await preflight(url, signal, dispatcher), signal, dispatcher);
}
