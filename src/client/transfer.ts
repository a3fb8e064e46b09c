/** How a response body arrived. */
export type TransferKind = 'whole' | 'chunked' | 'unknown';

/** A frame interval at 30 fps: bytes spread over longer than this were produced while sent. */
export const DEFAULT_FRAME_INTERVAL_MS = 1000 / 30;

/**
 * Classifies a body's arrival from its first and last chunk instants. A server that holds a
 * hinted part until it is complete sends it in one burst at line rate (`whole`); one that streams
 * it while it is produced spreads it over frame intervals (`chunked`). On loopback a whole part
 * arrives in well under a millisecond, so one frame interval separates the two cleanly. Pure.
 */
export function classifyTransfer(
  firstChunkAt: number | null,
  lastChunkAt: number | null,
  chunks: number,
  frameIntervalMs: number = DEFAULT_FRAME_INTERVAL_MS,
): TransferKind {
  if (firstChunkAt === null || lastChunkAt === null || chunks === 0) return 'unknown';
  if (chunks === 1) return 'whole';
  return lastChunkAt - firstChunkAt > frameIntervalMs ? 'chunked' : 'whole';
}
