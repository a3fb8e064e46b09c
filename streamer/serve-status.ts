import type { StreamerStatus } from './streamer.js';

/** One status line for the terminal, e.g.
 *  `12 s | seg 11 part 120 | packaging 78 ms | restarts 0 | 1.2 MB in | demux errors 0`. */
export function formatStatus(status: StreamerStatus): string {
  const part = status.lastPart;
  const errors = status.demux.continuityErrors + status.demux.pesErrors + status.demux.transportErrors;
  return [
    `${Math.round(status.uptimeMs / 1000)} s`,
    `seg ${status.packager.segments} part ${status.packager.parts}`,
    part === null
      ? 'no part yet'
      : `msn ${part.msn}.${part.index} packaging ${Math.round(part.packagingMs)} ms`,
    `restarts ${status.restarts}`,
    ...(status.catchUps.count > 0 ? [`caught up ${status.catchUps.count}x`] : []),
    ...(status.media.state !== 'ok' && status.media.state !== 'starting'
      ? [`${status.media.state}: ${status.media.reason}`]
      : []),
    `${(status.bytesIn / 1e6).toFixed(1)} MB in`,
    `demux errors ${errors}`,
  ].join(' | ');
}
