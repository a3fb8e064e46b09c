import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { hlsJsAdapter } from './hlsjs-adapter.js';
import type { PlayerAdapter } from './player-adapter.js';
import { shakaAdapter } from './shaka-adapter.js';

/** The players the browser client can drive (`--player`). */
export const PlayerName = { HlsJs: 'hls.js', Shaka: 'shaka' } as const;
export type PlayerName = (typeof PlayerName)[keyof typeof PlayerName];

export const isPlayerName = (name: unknown): name is PlayerName =>
  Object.values(PlayerName).includes(name as PlayerName);

export const PLAYER_ADAPTERS: Readonly<Record<PlayerName, PlayerAdapter>> = {
  [PlayerName.HlsJs]: hlsJsAdapter,
  [PlayerName.Shaka]: shakaAdapter,
};

/** The player, the user's configuration for it, and the flag that gave it (for error messages). */
export interface PlayerChoice {
  adapter: PlayerAdapter;
  config: Record<string, unknown>;
  /** `--player-config` or `--hls-config`; null when none was given. */
  configFlag: string | null;
}

/**
 * `--player`, `--player-config JSON` (any option of the chosen player, merged over its
 * low-latency defaults) and `--hls-config JSON`, kept as the hls.js spelling of `--player-config`.
 * @throws LlhlsError InvalidFlag for an unknown player, bad JSON, or both config flags at once
 */
export function choosePlayer(flags: {
  player?: string | undefined;
  playerConfig?: string | undefined;
  hlsConfig?: string | undefined;
}): PlayerChoice {
  const name = flags.player ?? PlayerName.HlsJs;
  const adapter = PLAYER_ADAPTERS[name as PlayerName];
  if (adapter === undefined) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--player expects ${Object.values(PlayerName).join(' or ')}; received '${name}'`,
    );
  }
  if (flags.hlsConfig !== undefined && flags.playerConfig !== undefined) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      '--hls-config and --player-config are the same flag for hls.js: give one',
    );
  }
  if (flags.hlsConfig !== undefined && name !== PlayerName.HlsJs) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--hls-config configures hls.js; for --player ${name} use --player-config`,
    );
  }
  const configFlag = flags.hlsConfig !== undefined ? '--hls-config' : '--player-config';
  const json = flags.hlsConfig ?? flags.playerConfig;
  return {
    adapter,
    config: parsePlayerConfig(json, configFlag),
    configFlag: json === undefined ? null : configFlag,
  };
}

/** Parses a player configuration flag: a JSON object of the player's options, passed as given. */
export function parsePlayerConfig(json: string | undefined, flag: string): Record<string, unknown> {
  if (json === undefined || json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} is not valid JSON (${(error as Error).message}): pass an object, e.g. ${flag} '{"maxLiveSyncPlaybackRate":1.5}'`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${flag} must be a JSON object, got ${JSON.stringify(value)}: e.g. ${flag} '{"liveSyncDuration":1.5}'`,
    );
  }
  return value as Record<string, unknown>;
}
