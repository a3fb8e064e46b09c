/**
 * Writes ISO BMFF boxes into one growing buffer: `open` writes a box header with a size to be
 * filled in, `close` fills it in, so nested boxes are written in one pass without building
 * intermediate arrays. Big-endian throughout, as ISO/IEC 14496-12 §4.2 says.
 * @see ISO/IEC 14496-12 §4.2 (Box, FullBox)
 */
export class BoxWriter {
  #buffer: Uint8Array;
  #view: DataView;
  #at = 0;
  readonly #open: number[] = [];

  constructor(capacity = 1024) {
    this.#buffer = new Uint8Array(capacity);
    this.#view = new DataView(this.#buffer.buffer);
  }

  /** Opens a box; with `version`/`flags`, a FullBox. Close it with `close()`. */
  open(type: string, fullBox?: { version: number; flags: number }): this {
    this.#open.push(this.#at);
    this.u32(0);
    this.ascii(type);
    if (fullBox !== undefined) {
      this.u8(fullBox.version);
      this.u24(fullBox.flags);
    }
    return this;
  }

  /** Closes the innermost open box: writes its size. */
  close(): this {
    const start = this.#open.pop();
    if (start === undefined) throw new Error('BoxWriter.close() without an open box');
    this.#view.setUint32(start, this.#at - start);
    return this;
  }

  u8(value: number): this {
    this.#reserve(1);
    this.#buffer[this.#at++] = value;
    return this;
  }

  u16(value: number): this {
    this.#reserve(2);
    this.#view.setUint16(this.#at, value);
    this.#at += 2;
    return this;
  }

  u24(value: number): this {
    this.#reserve(3);
    this.#buffer[this.#at] = (value >>> 16) & 0xff;
    this.#view.setUint16(this.#at + 1, value & 0xffff);
    this.#at += 3;
    return this;
  }

  u32(value: number): this {
    this.#reserve(4);
    this.#view.setUint32(this.#at, value >>> 0);
    this.#at += 4;
    return this;
  }

  i32(value: number): this {
    this.#reserve(4);
    this.#view.setInt32(this.#at, value);
    this.#at += 4;
    return this;
  }

  /** An unsigned 64-bit value from a non-negative safe integer (decode times in 90 kHz ticks). */
  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a u64: ${value}`);
    this.u32(Math.floor(value / 2 ** 32));
    return this.u32(value % 2 ** 32);
  }

  bytes(data: Uint8Array): this {
    this.#reserve(data.length);
    this.#buffer.set(data, this.#at);
    this.#at += data.length;
    return this;
  }

  zeros(n: number): this {
    this.#reserve(n);
    this.#buffer.fill(0, this.#at, this.#at + n);
    this.#at += n;
    return this;
  }

  /** Four-character codes and other ASCII text, one byte a character. */
  ascii(text: string): this {
    this.#reserve(text.length);
    for (let i = 0; i < text.length; i++) this.#buffer[this.#at++] = text.charCodeAt(i) & 0xff;
    return this;
  }

  /** Where the next byte goes (offsets within what was written). */
  get position(): number {
    return this.#at;
  }

  /** Overwrites a u32 written earlier at `offset` (a data offset known only later). */
  patchU32(offset: number, value: number): this {
    this.#view.setUint32(offset, value >>> 0);
    return this;
  }

  /** The bytes written (a copy-free view); every box must be closed. */
  finish(): Uint8Array {
    if (this.#open.length > 0) throw new Error(`BoxWriter.finish() with ${this.#open.length} box(es) open`);
    return this.#buffer.subarray(0, this.#at);
  }

  #reserve(n: number): void {
    if (this.#at + n <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(2 * this.#buffer.length, this.#at + n));
    grown.set(this.#buffer.subarray(0, this.#at));
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }
}
