/**
 * Reads the raw byte sequence payload (RBSP) of a NAL unit bit by bit: emulation prevention bytes
 * (the 0x03 in 0x000003) are removed first, then fixed-width and Exp-Golomb fields are read MSB
 * first. Reading past the end throws a RangeError, which the SPS parsers turn into "unreadable".
 * @see ITU-T H.264 §7.4.1 (emulation_prevention_three_byte), §9.1 (Exp-Golomb codes)
 */
export class RbspReader {
  readonly #bytes: Uint8Array;
  #bit = 0;

  /** @param nal the NAL unit; `skip` header bytes are dropped (1 for H.264, 2 for H.265). */
  constructor(nal: Uint8Array, skip: number) {
    this.#bytes = unescapeRbsp(nal.subarray(skip));
  }

  get bitsLeft(): number {
    return this.#bytes.length * 8 - this.#bit;
  }

  /** An unsigned field of `n` bits (n <= 32). */
  u(n: number): number {
    if (n > this.bitsLeft) throw new RangeError('read past the end of the RBSP');
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.#bytes[this.#bit >> 3]!;
      value = value * 2 + ((byte >> (7 - (this.#bit & 7))) & 1);
      this.#bit++;
    }
    return value;
  }

  flag(): boolean {
    return this.u(1) === 1;
  }

  skip(n: number): void {
    if (n > this.bitsLeft) throw new RangeError('read past the end of the RBSP');
    this.#bit += n;
  }

  /** ue(v): unsigned Exp-Golomb. */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      zeros++;
      if (zeros > 31) throw new RangeError('Exp-Golomb code longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  /** se(v): signed Exp-Golomb. */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }
}

/** The RBSP of NAL unit bytes: every 0x03 that follows two 0x00 is dropped. */
export function unescapeRbsp(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let zeros = 0;
  for (const b of bytes) {
    if (zeros >= 2 && b === 0x03) {
      zeros = 0;
      continue;
    }
    out[n++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}
