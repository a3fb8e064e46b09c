import type { PlayerName } from '../browser/player-choice.js';
import type { ClientKind } from '../run/types.js';
import type { NetworkCondition } from './network-condition.js';
import type { TestSource } from './placeholders.js';

/** What a configuration measures: llhls's own streamer, a command the user starts, or a URL. */
export const ConfigurationKind = { Serve: 'serve', Command: 'command', Url: 'url' } as const;
export type ConfigurationKind = (typeof ConfigurationKind)[keyof typeof ConfigurationKind];

/** The browser client's player for one configuration (measure's flags of the same names). */
export interface PlayerSettings {
  /** `--player`: the player the browser client drives */
  name: PlayerName;
  /** `--catch-up` */
  catchUp: boolean;
  /** `--player-config`: the player's options over its low-latency defaults */
  config: Record<string, unknown>;
  /** the key or flag the options came from, named when the player refuses them; null: none */
  configKey: string | null;
}

/**
 * What a configuration measures, by kind (the fields of the other kinds are null):
 * - `serve`: the arguments after `llhls serve` (compare adds --http-port 0, --json and
 *   --status-interval 0; --test-src unless another source is named);
 * - `command`: the command line run by `sh -c`, and the playlist URL it serves, placeholders not
 *   yet filled;
 * - `url`: the playlist URL.
 */
export type ConfigurationSource =
  | { kind: typeof ConfigurationKind.Serve; serve: string[]; command: null; url: null }
  | { kind: typeof ConfigurationKind.Command; serve: null; command: string; url: string }
  | { kind: typeof ConfigurationKind.Url; serve: null; command: null; url: string };

/** One configuration of a comparison, checked. */
export type Configuration = ConfigurationSource & ConfigurationSettings;

/** What every kind of configuration has. */
export interface ConfigurationSettings {
  /** unique; with `networks:`, `<configuration> @ <network>` */
  name: string;
  /** null: measured directly on loopback, no proxy */
  network: NetworkCondition | null;
  clients: ClientKind[];
  /** node client: simulated viewers (null: 1) */
  viewers: number | null;
  player: PlayerSettings;
  /** What the clients trust: a `serve: { tls: self-signed }` streamer's certificate is accepted. */
  tls: { insecure: boolean; ca: string | null };
}

/** Everything a comparison runs, checked before anything starts. */
export interface ComparePlan {
  configurations: Configuration[];
  /** every configuration gets the same */
  durationMs: number;
  warmupMs: number;
  /** rounds of all configurations, interleaved (A B C A B C) */
  repeat: number;
  /** the configuration Relative divides by (the first unless --reference) */
  reference: string;
  /** how long a streamer has to list its first segment */
  readyTimeoutMs: number;
  /** the file, or `--vary ...` */
  source: string;
  /** the test source of every configuration: serve's, and `{source}` of a command */
  testSource: TestSource;
}

/** The order of a comparison's runs: every configuration once per round, rounds one after the
 *  other, so that whatever drifts on the machine touches every configuration alike. Pure. */
export function schedule(plan: Pick<ComparePlan, 'configurations' | 'repeat'>): Array<{
  configuration: Configuration;
  repeat: number;
}> {
  const order: Array<{ configuration: Configuration; repeat: number }> = [];
  for (let repeat = 1; repeat <= plan.repeat; repeat += 1) {
    for (const configuration of plan.configurations) order.push({ configuration, repeat });
  }
  return order;
}
