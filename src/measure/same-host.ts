import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isLoopback } from '../loopback.js';

/** How long a name lookup may take before the server is taken as another host. */
const LOOKUP_TIMEOUT_MS = 2000;

/** The addresses of this machine's interfaces. */
function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) out.add(i.address.toLowerCase());
  }
  return out;
}

/**
 * Whether `url`'s server runs on this machine: its host is a loopback address, or names only
 * addresses of this machine's interfaces. Then client and server read one clock, and a clock
 * offset or drift between them is a measuring artefact. Returns the address that decided it, or
 * null when the server is (or may be) elsewhere. Never throws.
 */
export async function sameHostAddress(url: string): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      const found = await Promise.race([
        lookup(host, { all: true }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS).unref(),
        ),
      ]);
      addresses = found.map((f) => f.address);
    } catch {
      return null;
    }
  }
  if (addresses.length === 0) return null;
  const local = localAddresses();
  const isLocal = (a: string): boolean => isLoopback(a) || local.has(a.toLowerCase());
  return addresses.every(isLocal) ? (addresses[0] as string) : null;
}
