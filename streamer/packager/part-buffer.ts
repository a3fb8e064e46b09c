/**
 * Where the packager writes part bytes, once: packets are copied straight into 1 MiB slabs that
 * parts share, one after another, and both the hint data handed out while a part fills and the
 * part's final bytes are views of a slab. Bytes already written never change, so earlier views
 * stay valid when a part moves to a fresh slab (they keep the old one). One copy per byte and one
 * allocation per ~30 parts is what keeps the packager far above real time.
 */
export class PartBuffer {
  static readonly SLAB = 1024 * 1024;
  #slab = new Uint8Array(PartBuffer.SLAB);
  /** Start of the part being written, in the current slab. */
  #start = 0;
  #end = 0;

  /** Starts a new part (the previous part's bytes stay where they are). */
  begin(): void {
    this.#start = this.#end;
  }

  /** Bytes of the current part so far. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Copies `data` to the end of the current part and returns the view of the copy. */
  append(data: Uint8Array): Uint8Array {
    if (this.#end + data.length > this.#slab.length) {
      const sofar = this.#slab.subarray(this.#start, this.#end);
      const slab = new Uint8Array(Math.max(PartBuffer.SLAB, 2 * (sofar.length + data.length)));
      slab.set(sofar);
      this.#slab = slab;
      this.#start = 0;
      this.#end = sofar.length;
    }
    this.#slab.set(data, this.#end);
    const view = this.#slab.subarray(this.#end, this.#end + data.length);
    this.#end += data.length;
    return view;
  }

  /** The current part's bytes, as one view. */
  bytes(): Uint8Array {
    return this.#slab.subarray(this.#start, this.#end);
  }
}
