import { parseDuration } from '../../../src/cli/duration.js';

/** What one scenario's `llhls:` block (over `config.engines.llhls`) says a viewer does. */
export interface ViewerSpec {
  /** The playlist (media or multivariant); default: `config.target` (`artillery run --target`). */
  url?: unknown;
  /** How long each virtual user plays, in llhls's duration grammar (`30`, `1m30s`). */
  duration?: unknown;
  /** Figures before this much of a viewer's play are left out (startup always counts). */
  warmup?: unknown;
  /** Accept any TLS certificate (a self-signed `llhls serve --tls self-signed`). */
  insecure?: unknown;
}

export interface ViewerOptions {
  url: string;
  durationMs: number;
  warmupMs: number;
  insecure: boolean;
}

/** A viewer plays 60 s unless told, and its first 3 s are warm-up (its player settles). */
export const DEFAULT_VIEWER: Omit<ViewerOptions, 'url'> = {
  durationMs: 60_000,
  warmupMs: 3000,
  insecure: false,
};

/**
 * Checks a scenario's viewer settings (engine defaults, then the scenario's own) once, when
 * Artillery compiles the scenario, so a mistake stops the test before any user starts.
 * @throws Error naming the field, the expected and the received value
 */
export function viewerOptions(
  target: unknown,
  engineDefaults: ViewerSpec,
  scenario: ViewerSpec,
): ViewerOptions {
  const spec: ViewerSpec = { ...engineDefaults, ...scenario };
  const url = spec.url ?? target;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new Error(
      `llhls: a scenario needs the playlist URL (config.target, --target or llhls.url, http:// or https://); received ${JSON.stringify(url)}`,
    );
  }
  const duration = (field: 'duration' | 'warmup', fallback: number): number =>
    spec[field] === undefined ? fallback : parseDuration(String(spec[field]), `llhls.${field}`, { minMs: 0 });
  const durationMs = duration('duration', DEFAULT_VIEWER.durationMs);
  if (durationMs < 1000) throw new Error(`llhls.duration must be at least 1s; received '${spec.duration}'`);
  const warmupMs = duration('warmup', DEFAULT_VIEWER.warmupMs);
  if (warmupMs >= durationMs) {
    throw new Error(
      `llhls.warmup must be shorter than llhls.duration; received warmup '${spec.warmup}', duration '${spec.duration ?? '60'}'`,
    );
  }
  if (spec.insecure !== undefined && typeof spec.insecure !== 'boolean') {
    throw new Error(`llhls.insecure must be true or false; received ${JSON.stringify(spec.insecure)}`);
  }
  return { url, durationMs, warmupMs, insecure: spec.insecure === true };
}
