/** Milliseconds for people: three decimals below 1 ms (chrony reaches microseconds on a LAN),
 *  one decimal above, so a figure never reads as "0.0 ms" when it is 4 µs. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  return `${abs < 1 ? ms.toFixed(3) : ms.toFixed(1)} ms`;
}
