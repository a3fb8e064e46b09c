/** One ISO BMFF box found in a byte range: where it starts, its header and total size. */
export interface BoxSpan {
  type: string;
  /** Offset of the box's first byte (its size field). */
  start: number;
  /** Offset just past the box. */
  end: number;
  /** Offset of the payload (after size, type and, for 64-bit sizes, largesize). */
  body: number;
}

/**
 * The boxes laid one after the other in `bytes[from, to)` (the top level of a file, or the
 * children of a container box). Pure. Returns null when a size runs past `to` or is below its
 * header (a file still being written, or not ISO BMFF): a reader then waits or refuses, it never
 * reads garbage as boxes.
 * @see ISO/IEC 14496-12 §4.2 (Box: size 1 = 64-bit largesize follows, size 0 = to the end)
 */
export function readBoxes(bytes: Uint8Array, from = 0, to = bytes.length): BoxSpan[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: BoxSpan[] = [];
  let at = from;
  while (at < to) {
    if (to - at < 8) return null;
    let size = view.getUint32(at);
    let body = at + 8;
    if (size === 1) {
      if (to - at < 16) return null;
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < body - at || at + size > to) return null;
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    boxes.push({ type, start: at, end: at + size, body });
    at += size;
  }
  return boxes;
}

/** The first child box of `parent` with this type, or null. */
export function childBox(bytes: Uint8Array, parent: BoxSpan, type: string): BoxSpan | null {
  return readBoxes(bytes, parent.body, parent.end)?.find((box) => box.type === type) ?? null;
}
