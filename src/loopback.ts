/**
 * Whether a host (a name or an address to listen on or connect to) stays on this machine:
 * 127.0.0.0/8, ::1 (bracketed too), IPv4-mapped loopback (`::ffff:127.0.0.1`) and `localhost`.
 * Anything else, `0.0.0.0` and `::` included, may be reached over the network.
 */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return (
    h === 'localhost' ||
    h === '::1' ||
    h === '[::1]' ||
    /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}
