import type { AdvertisedValues } from '../packager/packager-options.js';
import type { ServedMedia } from './served-media.js';
import { TextBody } from './text-body.js';

interface Entry {
  version: number;
  advertised: AdvertisedValues | null;
  body: TextBody;
}

/**
 * The rendered playlist of the current window version, full and delta form, each rendered (and
 * gzipped) at most once per version. `renderPlaylist` is a function of the window's state, and
 * every state change bumps `window.version` (the `update` event), so the version is the key.
 */
export class PlaylistBodies {
  readonly #media: ServedMedia;
  #full: Entry | null = null;
  #skip: Entry | null = null;

  constructor(media: ServedMedia) {
    this.#media = media;
  }

  /** The playlist as `media.renderPlaylist(skip)` renders it now; null while unpublished. */
  get(skip: boolean): TextBody | null {
    const window = this.#media.window;
    const cached = skip ? this.#skip : this.#full;
    if (cached !== null && cached.version === window.version && cached.advertised === window.advertised) {
      return cached.body;
    }
    const text = this.#media.renderPlaylist(skip);
    if (text === null) return null;
    const entry: Entry = { version: window.version, advertised: window.advertised, body: new TextBody(text) };
    if (skip) this.#skip = entry;
    else this.#full = entry;
    return entry.body;
  }
}
