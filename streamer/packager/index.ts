export {
  decideReload,
  type PlaylistRequest,
  parsePlaylistRequest,
  reloadSatisfied,
} from './blocking-reload.js';
export type { Hint, MediaWindowEvents, Part, ResolvedUri, Segment } from './media-types.js';
export { MediaWindow, partUri, segmentUri } from './media-window.js';
export { Packager, type PackagerStats } from './packager.js';
export {
  type AdvertisedValues,
  decideAdvertised,
  type PackagerOptions,
  PLAYLIST_VERSION,
  validatePackagerOptions,
} from './packager-options.js';
export { renderPlaylist } from './playlist.js';
export { buildTimestamps, type StreamDescription } from './timestamps-view.js';
