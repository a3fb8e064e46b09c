import type { MediaPlaylist } from '../hls/media-playlist.js';
import type { NetworkErrorKind } from '../network-error.js';
import type { ReloadDecision } from './reload-pacing.js';
import type { TransferKind } from './transfer.js';

/**
 * What one viewer sees, fed to the protocol checks as it happens (./findings/protocol-checks.ts):
 * every playlist response as received (delta updates not merged) and every media request.
 * Instants are client epoch ms.
 */
export interface PlaylistObservation {
  request: { msn: number | null; part: number | null; skip: boolean; probe: boolean };
  start: number;
  /** Response headers arrived; null when none did. */
  headers: number | null;
  end: number | null;
  status: number;
  error: string | null;
  /** What kind of failure `error` is; null when a status arrived. */
  errorKind: NetworkErrorKind | null;
  playlist: MediaPlaylist | null;
  /** How long the server held the request, ms (round trip removed); null without a response. */
  holdMs: number | null;
  /** When the next playlist request was allowed to go, and what held it back (null: the probe). */
  pacing: ReloadDecision | null;
}

export interface MediaObservation {
  msn: number;
  part: number | null;
  uri: string;
  hinted: boolean;
  status: number;
  error: string | null;
  errorKind: NetworkErrorKind | null;
  bytes: number;
  transfer: TransferKind;
  start: number;
  end: number | null;
}

/** Observations recorded in lists: what the checks' tests build (a run feeds them live). */
export interface Observations {
  playlists: PlaylistObservation[];
  media: MediaObservation[];
}
