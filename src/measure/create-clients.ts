import { BrowserClient } from '../browser/browser-client.js';
import type { PlayerChoice } from '../browser/player-choice.js';
import { NodeClient } from '../client/node-client.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { MeasureClient } from '../run/measure-client.js';
import { ClientKind } from '../run/types.js';
import type { TlsOptions } from '../tls-options.js';

/** `--client node`, `browser` or `node,browser` (any order, no repeats). */
export function parseClientKinds(value: string): ClientKind[] {
  const known: string[] = Object.values(ClientKind);
  const kinds = value.split(',').map((k) => k.trim().toLowerCase());
  const bad = kinds.filter((k) => !known.includes(k));
  if (kinds.length === 0 || bad.length > 0 || new Set(kinds).size !== kinds.length) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--client expects node, browser or node,browser; received '${value}'`,
    );
  }
  return kinds as ClientKind[];
}

export interface ClientFlags {
  viewers?: number | undefined;
  /** `--player` with `--player-config` (or `--hls-config`); default hls.js with its defaults. */
  player?: PlayerChoice | undefined;
  headed?: boolean | undefined;
  browser?: string | undefined;
  /** `--catch-up`: the browser player catches up with the live edge. */
  catchUp?: boolean | undefined;
  /** `--insecure`, `--ca`. */
  tls?: TlsOptions | undefined;
}

/** The clients a measure run plays with, built from the command's flags. */
export function createClients(kinds: readonly ClientKind[], flags: ClientFlags): MeasureClient[] {
  if (flags.catchUp === true && !kinds.includes(ClientKind.Browser)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      '--catch-up applies to the browser client: add --client browser',
    );
  }
  const player = flags.player;
  const chosen = player !== undefined && (player.adapter.name !== 'hls.js' || player.configFlag !== null);
  if (chosen && !kinds.includes(ClientKind.Browser)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `${player.configFlag ?? '--player'} applies to the browser client: add --client browser`,
    );
  }
  if (flags.viewers !== undefined && flags.viewers !== 1 && !kinds.includes(ClientKind.Node)) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      '--viewers applies to the node client: add --client node',
    );
  }
  return kinds.map((kind) =>
    kind === ClientKind.Node
      ? new NodeClient({
          ...(flags.viewers === undefined ? {} : { viewers: flags.viewers }),
          ...(flags.tls === undefined ? {} : { tls: flags.tls }),
        })
      : new BrowserClient({
          ...(flags.tls === undefined ? {} : { tls: flags.tls }),
          ...(flags.browser === undefined ? {} : { browser: flags.browser }),
          ...(flags.headed === undefined ? {} : { headed: flags.headed }),
          ...(flags.player === undefined
            ? {}
            : {
                player: flags.player.adapter,
                playerConfig: flags.player.config,
                ...(flags.player.configFlag === null ? {} : { configFlag: flags.player.configFlag }),
              }),
          ...(flags.catchUp === true ? { catchUp: true } : {}),
        }),
  );
}
