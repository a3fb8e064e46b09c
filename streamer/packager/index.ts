export {
  decideReload,
  type PlaylistRequest,
  parsePlaylistRequest,
  reloadSatisfied,
} from './blocking-reload.js';
export { type CutContext, decideFrame, type FrameDecision, type Timeline } from './frame-decision.js';
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
export { choosePackaging, type PackagingChoice } from './packaging-choice.js';
export { renderPlaylist } from './playlist.js';
export { buildTimestamps, type StreamDescription } from './timestamps-view.js';
