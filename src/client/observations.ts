import type { MediaPlaylist } from '../hls/media-playlist.js';
import type { TransferKind } from './transfer.js';

/**
 * What one viewer saw, kept for the protocol findings: every playlist response as received
 * (delta updates not merged) and every media request. Instants are client epoch ms.
 */
export interface PlaylistObservation {
  request: { msn: number | null; part: number | null; skip: boolean; probe: boolean };
  start: number;
  /** Response headers arrived; null when none did. */
  headers: number | null;
  end: number | null;
  status: number;
  error: string | null;
  playlist: MediaPlaylist | null;
  /** How long the server held the request, ms (round trip removed); null without a response. */
  holdMs: number | null;
}

export interface MediaObservation {
  msn: number;
  part: number | null;
  uri: string;
  hinted: boolean;
  status: number;
  error: string | null;
  bytes: number;
  transfer: TransferKind;
  start: number;
  end: number | null;
}

export interface Observations {
  playlists: PlaylistObservation[];
  media: MediaObservation[];
}
