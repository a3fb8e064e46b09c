/**
 * Piece sizes for toxiproxy's `slicer`: `length` bytes cut into pieces of `averageSize` ±
 * `sizeVariation` bytes (uniform; at least 1 byte each), the last one whatever is left.
 * @see https://github.com/Shopify/toxiproxy#slicer
 */
export function slicePieces(
  length: number,
  averageSize: number,
  sizeVariation: number,
  random: () => number,
): number[] {
  const pieces: number[] = [];
  let left = length;
  while (left > 0) {
    const size = Math.max(1, Math.round(averageSize + (random() * 2 - 1) * sizeVariation));
    pieces.push(Math.min(size, left));
    left -= size;
  }
  return pieces;
}
