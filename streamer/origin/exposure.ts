import { isLoopback } from '../../src/loopback.js';

/**
 * The warning `llhls serve` prints (both engines) when its origin listens where the network can
 * reach it (`--host 0.0.0.0`, `::`, an interface's address); null on loopback.
 */
export function exposureWarning(host: string): string | null {
  return isLoopback(host)
    ? null
    : `the origin listens on ${host}: anyone who can reach this machine over the network can fetch the stream (use --host 127.0.0.1 to keep it local)`;
}
