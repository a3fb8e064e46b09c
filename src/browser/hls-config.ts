import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/** Parses `--hls-config JSON` (any hls.js option, passed through as given). */
export function parseHlsConfig(json: string | undefined): Record<string, unknown> {
  if (json === undefined || json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--hls-config is not valid JSON (${(error as Error).message}): pass an object, e.g. --hls-config '{"maxLiveSyncPlaybackRate":1.5}'`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--hls-config must be a JSON object, got ${JSON.stringify(value)}: e.g. --hls-config '{"liveSyncDuration":1.5}'`,
    );
  }
  return value as Record<string, unknown>;
}
