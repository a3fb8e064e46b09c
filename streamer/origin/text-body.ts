import { gzipSync } from 'node:zlib';

/** A response body in both forms the origin sends: as is, and gzip-compressed. */
export interface EncodedBody {
  readonly bytes: Uint8Array;
  readonly gzip: Uint8Array;
}

/**
 * A text response body prepared once and sent many times: its bytes and (on first demand) its
 * gzip form. A thousand viewers asking for the same playlist version cost one render and one
 * compression instead of a thousand.
 */
export class TextBody implements EncodedBody {
  readonly text: string;
  readonly bytes: Buffer;
  #gzip: Buffer | null = null;

  constructor(text: string) {
    this.text = text;
    this.bytes = Buffer.from(text);
  }

  /** Level 1: a playlist is a few KiB and is answered on the hot path of every part. */
  get gzip(): Buffer {
    if (this.#gzip === null) this.#gzip = gzipSync(this.bytes, { level: 1 });
    return this.#gzip;
  }
}
