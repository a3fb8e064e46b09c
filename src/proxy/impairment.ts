import { formatBandwidth } from '../cli/bandwidth.js';
import { formatDuration } from '../cli/duration.js';
import { formatPercentage } from '../cli/percentage.js';

/**
 * Which way a connection-level toxic works, as toxiproxy says it: `downstream` is server →
 * client (responses), `upstream` client → server (requests).
 * @see https://github.com/Shopify/toxiproxy#toxic-fields
 */
export const ProxyStream = { Downstream: 'downstream', Upstream: 'upstream' } as const;
export type ProxyStream = (typeof ProxyStream)[keyof typeof ProxyStream];

/** What every connection-level toxic has: the share of connections it hits, and its direction. */
export interface ConnectionToxic {
  /** Fraction of connections hit (toxiproxy's `toxicity`), drawn per connection; 1: all. */
  toxicity: number;
  /** The direction it acts on (toxiproxy's `stream`); default downstream. */
  stream: ProxyStream;
}

/** toxiproxy `slow_close`: the connection's close waits `delayMs` after its last byte. */
export interface SlowCloseToxic extends ConnectionToxic {
  delayMs: number;
}

/**
 * toxiproxy `timeout`: no data passes (it is dropped) and the connection is closed `timeoutMs`
 * after the toxic took hold; 0: it stays open, passing nothing, while the toxic lasts.
 */
export interface TimeoutToxic extends ConnectionToxic {
  timeoutMs: number;
}

/**
 * toxiproxy `reset_peer`: the connection is reset (TCP RST to the client, the origin side
 * closed) `timeoutMs` after the first byte in its stream (0: at once).
 */
export interface ResetPeerToxic extends ConnectionToxic {
  timeoutMs: number;
}

/**
 * toxiproxy `slicer`: data is cut into pieces of `averageSize` ± `sizeVariation` bytes, each
 * written `delayMs` after the one before (toxiproxy counts that delay in µs; here it is ms, with
 * fractions, in the one duration grammar).
 */
export interface SlicerToxic extends ConnectionToxic {
  averageSize: number;
  sizeVariation: number;
  delayMs: number;
}

/**
 * The impairment of the proxy's link at one moment. The proxy is one viewer's access line: its
 * latency, bandwidth and loss are the link's (shared by every connection through the proxy, each
 * direction on its own); the four toxics act on the connections they hit.
 */
export interface Impairment {
  /** Round-trip time added (ms): half on the way in, half on the way out (toxiproxy `latency`). */
  latencyMs: number;
  /** The round trip varies within latencyMs ± jitterMs (toxiproxy `jitter`). */
  jitterMs: number;
  /** Server → client rate in bit/s (toxiproxy `bandwidth`); null: unlimited; 0: nothing passes. */
  downBitsPerSecond: number | null;
  /** Client → server rate in bit/s; null: unlimited; 0: nothing passes. */
  upBitsPerSecond: number | null;
  /** Fraction of TCP segments lost in each direction, recovered as TCP would (tcp-loss.ts). */
  loss: number;
  slowClose: SlowCloseToxic | null;
  timeout: TimeoutToxic | null;
  resetPeer: ResetPeerToxic | null;
  slicer: SlicerToxic | null;
}

/** Some fields of an impairment: a profile step, or flags over a profile. */
export type ImpairmentPatch = Partial<Impairment>;

/** A transparent proxy: nothing added. */
export const NO_IMPAIRMENT: Impairment = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  downBitsPerSecond: null,
  upBitsPerSecond: null,
  loss: 0,
  slowClose: null,
  timeout: null,
  resetPeer: null,
  slicer: null,
});

/** The names of the connection-level toxics, as toxiproxy spells them. */
export const TOXIC_NAMES = {
  slowClose: 'slow_close',
  timeout: 'timeout',
  resetPeer: 'reset_peer',
  slicer: 'slicer',
} as const;
export type ConnectionToxicKey = keyof typeof TOXIC_NAMES;
export const CONNECTION_TOXIC_KEYS = Object.keys(TOXIC_NAMES) as ConnectionToxicKey[];

/** `base` with the fields `patch` sets replaced (a field set to undefined is left as in base). */
export function applyPatch(base: Impairment, patch: ImpairmentPatch): Impairment {
  const out: Impairment = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** One line for logs: `latency 50ms ±10ms, down 2mbit, up unlimited, loss 1%, reset_peer 2s (10%)`. */
export function describeImpairment(imp: Impairment): string {
  const parts: string[] = [];
  if (imp.latencyMs > 0 || imp.jitterMs > 0) {
    parts.push(
      `latency ${formatDuration(imp.latencyMs)}${imp.jitterMs > 0 ? ` ±${formatDuration(imp.jitterMs)}` : ''}`,
    );
  }
  if (imp.downBitsPerSecond !== null) parts.push(`down ${formatBandwidth(imp.downBitsPerSecond)}`);
  if (imp.upBitsPerSecond !== null) parts.push(`up ${formatBandwidth(imp.upBitsPerSecond)}`);
  if (imp.loss > 0) parts.push(`loss ${formatPercentage(imp.loss)}`);
  const hit = (t: ConnectionToxic): string =>
    `${t.toxicity < 1 ? ` (${formatPercentage(t.toxicity)} of connections)` : ''}${t.stream === ProxyStream.Upstream ? ' upstream' : ''}`;
  if (imp.slowClose !== null)
    parts.push(`slow_close ${formatDuration(imp.slowClose.delayMs)}${hit(imp.slowClose)}`);
  if (imp.timeout !== null) parts.push(`timeout ${formatDuration(imp.timeout.timeoutMs)}${hit(imp.timeout)}`);
  if (imp.resetPeer !== null)
    parts.push(`reset_peer ${formatDuration(imp.resetPeer.timeoutMs)}${hit(imp.resetPeer)}`);
  if (imp.slicer !== null) {
    const s = imp.slicer;
    parts.push(`slicer ${s.averageSize}±${s.sizeVariation} B every ${formatDuration(s.delayMs)}${hit(s)}`);
  }
  return parts.length === 0 ? 'no impairment' : parts.join(', ');
}
