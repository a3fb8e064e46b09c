import { measureClockOffset } from '../clock/time-probe.js';
import { connectOptions } from '../tls-options.js';
import type { ClockProbe } from './measure-session.js';

/** Probes per offset measurement: the best round trip of a handful is what counts. */
const PROBES = 8;
const TIMEOUT_MS = 3000;

/** The clock probe `llhls measure` uses: llhls clock's NTP-style /time exchange against the
 *  stream's server (its Date header when it has no /time). */
export const serverClockProbe: ClockProbe = (url, { signal, tls }) =>
  measureClockOffset(url, { probes: PROBES, timeoutMs: TIMEOUT_MS, signal, connect: connectOptions(tls) });
