import { gunzipSync, inflateSync } from 'node:zlib';

interface Entry {
  encoding: string;
  wire: Buffer;
  decoded: Buffer;
}

/**
 * Decompressed response bodies, shared by every viewer: viewers of one stream receive the same
 * compressed bytes for a playlist version, so each distinct body is inflated once and every
 * viewer gets the same decoded Buffer back (which lets the playlist cache match it by identity).
 * Matching compares bytes (a memcmp), cheaper than hashing the body as a string key.
 */
export class DecodedBodies {
  readonly #size: number;
  /** Newest last. */
  readonly #entries: Entry[] = [];

  constructor(size = 16) {
    this.#size = size;
  }

  /** The decoded body; `body` itself when `encoding` is not gzip or deflate. Throws on bad data. */
  decode(body: Buffer, encoding: string | null): Buffer {
    if (encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') return body;
    const entries = this.#entries;
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const entry = entries[i] as Entry;
      if (entry.encoding === encoding && entry.wire.length === body.length && entry.wire.equals(body)) {
        return entry.decoded;
      }
    }
    const decoded = encoding === 'deflate' ? inflateSync(body) : gunzipSync(body);
    // A copy: `body` may be a view of a socket read buffer.
    entries.push({ encoding, wire: Buffer.from(body), decoded });
    if (entries.length > this.#size) entries.shift();
    return decoded;
  }
}
