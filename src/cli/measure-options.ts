import type { Interfaces } from '@oclif/core';
import { choosePlayer } from '../browser/player-choice.js';
import { createClients, parseClientKinds } from '../measure/create-clients.js';
import type { MeasureOptions } from '../measure/measure-session.js';
import { readTlsOptions } from '../tls-options.js';
import { parseDuration } from './duration.js';
import type { measureFlags } from './measure-flags.js';

/** The shortest run `--duration` takes (measure and demo, which measures): a part or two. */
export const MIN_RUN_MS = 100;

/** `llhls measure`'s flags as oclif parses them. */
export type MeasureFlags = Interfaces.InferredFlags<typeof measureFlags>;

/** The command line the run records, and the tool's version. */
export interface CommandLine {
  command: string[];
  toolVersion: string;
}

/** `llhls measure`'s flags → the measure session's options: the TLS files read, the clients
 *  built, every time flag through the one duration grammar. A bad flag is an LlhlsError. */
export async function measureOptions(flags: MeasureFlags, line: CommandLine): Promise<MeasureOptions> {
  const tls = await readTlsOptions({ insecure: flags.insecure, ca: flags.ca });
  const clients = createClients(parseClientKinds(flags.client), {
    viewers: flags.viewers,
    player: choosePlayer({
      player: flags.player,
      playerConfig: flags['player-config'],
      hlsConfig: flags['hls-config'],
    }),
    headed: flags.headed,
    browser: flags.browser,
    catchUp: flags['catch-up'],
    tls,
  });
  return {
    url: flags.url,
    clients,
    durationMs: parseDuration(flags.duration, '--duration', { minMs: MIN_RUN_MS }),
    warmupMs: flags.warmup === undefined ? undefined : parseDuration(flags.warmup, '--warmup'),
    label: flags.label,
    out: flags.out,
    assumeSynced: flags['assume-synced'],
    maxClockUncertaintyMs: parseDuration(flags['max-clock-uncertainty'], '--max-clock-uncertainty'),
    tls,
    ...line,
  };
}
