import { mergeConfig } from '../browser/merge-config.js';
import { isPlayerName, PlayerName } from '../browser/player-choice.js';
import { COMPARE_DEFAULTS } from '../cli/compare-flags.js';
import { parseDuration } from '../cli/duration.js';
import { parseResolution, parseSeconds, SERVE_FLAG_DEFAULTS } from '../cli/serve-options.js';
import { parseClientKinds } from '../measure/create-clients.js';
import { sanitizeLabel } from '../run/run-dir.js';
import { ClientKind } from '../run/types.js';
import { atKey, ConfigKeyError, type KeyPath, keyPathText } from './config-key-error.js';
import {
  type ComparePlan,
  type Configuration,
  ConfigurationKind,
  type ConfigurationSource,
  type PlayerSettings,
} from './configuration.js';
import { type NetworkCondition, readNetwork } from './network-condition.js';
import { checkPlaceholders, type TestSource } from './placeholders.js';
import { checkServeFields, ServeArgsError, type ServeFields, serveFields } from './serve-args.js';

/** `llhls compare`'s flags that a file also sets: the flags win. Strings as typed. */
export interface CompareFlagValues {
  duration?: string | undefined;
  warmup?: string | undefined;
  client?: string | undefined;
  viewers?: number | undefined;
  repeat?: number | undefined;
  reference?: string | undefined;
  'ready-timeout'?: string | undefined;
  player?: string | undefined;
  'catch-up'?: boolean | undefined;
  'player-config'?: string | undefined;
  'hls-config'?: string | undefined;
  /** serve flags under every `serve:` configuration */
  serve?: string | undefined;
}

const TOP_KEYS = [
  'duration',
  'warmup',
  'clients',
  'viewers',
  'repeat',
  'reference',
  'ready-timeout',
  'serve',
  'player',
  'networks',
  'configurations',
] as const;
const CONFIGURATION_KEYS = ['serve', 'command', 'url', 'network', 'clients', 'viewers', 'player'] as const;
const PLAYER_KEYS = ['name', 'catch-up', 'config', 'hls-config'] as const;
const MAX_REPEAT = 100;

type Fields = Record<string, unknown>;

const isMap = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function map(value: unknown, path: KeyPath, keys: readonly string[], what: string): Fields {
  if (value === null || value === undefined) return {};
  if (!isMap(value)) {
    throw new ConfigKeyError(path, `${keyPathText(path)} expects ${what}; received ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key) && !key.startsWith('x-')) {
      throw new ConfigKeyError(
        [...path, key],
        `${keyPathText([...path, key])} is not a key here (keys: ${keys.join(', ')})`,
      );
    }
  }
  return value;
}

/** A duration from the file: a bare number is seconds, as on the command line. */
function fileDuration(value: unknown, path: KeyPath, bounds: { minMs?: number; maxMs?: number }): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return atKey(path, () => parseDuration(text, keyPathText(path), bounds));
}

/** The flag's value if given, else the file's, else the default. */
function duration(
  flag: string | undefined,
  flagName: string,
  value: unknown,
  path: KeyPath,
  fallback: string,
  bounds: { minMs?: number; maxMs?: number },
): number {
  if (flag !== undefined) return parseDuration(flag, flagName, bounds);
  if (value !== undefined && value !== null) return fileDuration(value, path, bounds);
  return parseDuration(fallback, flagName, bounds);
}

function wholeNumber(value: unknown, path: KeyPath, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ConfigKeyError(
    path,
    `${keyPathText(path)} expects a whole number from ${min} to ${max}; received ${JSON.stringify(value)}`,
  );
}

function clients(value: unknown, path: KeyPath): ClientKind[] {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return atKey(path, () => {
    try {
      return parseClientKinds(text);
    } catch {
      throw new ConfigKeyError(
        path,
        `${keyPathText(path)} expects node, browser or node,browser; received ${JSON.stringify(value)}`,
      );
    }
  });
}

/** A player's options: a map, or a JSON object in a string (as `--player-config` takes it). */
function playerConfig(value: unknown, path: KeyPath, player: PlayerName): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new ConfigKeyError(path, `${keyPathText(path)} is not valid JSON (${(error as Error).message})`);
    }
  }
  if (!isMap(parsed)) {
    throw new ConfigKeyError(
      path,
      `${keyPathText(path)} expects ${player} options as a map or a JSON object; received ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/**
 * The player settings so far: the player, catch-up, and each player's options with the key that
 * gave them. Options are kept per player: `--hls-config` stays hls.js's when a configuration
 * names Shaka.
 */
interface PlayerLayers {
  name: PlayerName;
  catchUp: boolean;
  configs: Partial<Record<PlayerName, { config: Record<string, unknown>; key: string }>>;
}

/**
 * One level's `player:` keys (the flags, the file's, a configuration's) over the levels below:
 * `name` (hls.js or shaka), `catch-up`, `config` (the named player's options, merged deeply over
 * the options below, as measure's --player-config) and `hls-config` (always hls.js's options).
 * @param at where each key is, for errors: a file key path, or the flag
 * @param own a configuration's own level: hls-config there cannot serve another player
 */
function playerLayer(
  fields: Fields,
  at: (key: string) => KeyPath,
  below: PlayerLayers,
  own = false,
): PlayerLayers {
  const name = fields['name'] ?? below.name;
  if (!isPlayerName(name)) {
    throw new ConfigKeyError(
      at('name'),
      `${keyPathText(at('name'))} expects ${Object.values(PlayerName).join(' or ')}; received ${JSON.stringify(fields['name'])}`,
    );
  }
  const catchUp = fields['catch-up'];
  if (catchUp !== undefined && typeof catchUp !== 'boolean') {
    throw new ConfigKeyError(at('catch-up'), `${keyPathText(at('catch-up'))} is true or false`);
  }
  const given = { config: fields['config'], hls: fields['hls-config'] };
  if (given.hls !== undefined && given.config !== undefined && name === PlayerName.HlsJs) {
    throw new ConfigKeyError(
      at('hls-config'),
      `${keyPathText(at('hls-config'))} and ${keyPathText(at('config'))} are the same options for hls.js: give one`,
    );
  }
  if (given.hls !== undefined && own && name !== PlayerName.HlsJs) {
    throw new ConfigKeyError(
      at('hls-config'),
      `${keyPathText(at('hls-config'))} configures hls.js; for ${name} use ${keyPathText(at('config'))}`,
    );
  }
  const configs = { ...below.configs };
  const layer = (player: PlayerName, key: string, value: unknown): void => {
    if (value === undefined) return;
    configs[player] = {
      config: mergeConfig(below.configs[player]?.config ?? {}, playerConfig(value, at(key), player)),
      key: keyPathText(at(key)),
    };
  };
  layer(PlayerName.HlsJs, 'hls-config', given.hls);
  layer(name, 'config', given.config);
  return { name, catchUp: (catchUp as boolean | undefined) ?? below.catchUp, configs };
}

/** A file's `player:` map over the levels below. */
function player(value: unknown, path: KeyPath, below: PlayerLayers, own = false): PlayerLayers {
  const fields = map(value, path, PLAYER_KEYS, 'a map with name, catch-up and config');
  return playerLayer(fields, (key) => [...path, key], below, own);
}

/** What the browser client of a configuration gets: its player, with that player's options. */
function playerSettings(layers: PlayerLayers): PlayerSettings {
  const own = layers.configs[layers.name];
  return {
    name: layers.name,
    catchUp: layers.catchUp,
    config: own?.config ?? {},
    configKey: own?.key ?? null,
  };
}

function serve(value: unknown, path: KeyPath): ServeFields {
  return atKey(
    path,
    () => serveFields(value),
    (e) => e instanceof ServeArgsError,
  );
}

interface Defaults {
  clients: ClientKind[];
  viewers: number | null;
  player: PlayerLayers;
  serve: ServeFields;
  /** the file's `networks:`: every configuration is measured on each (condition null: direct) */
  networks: Array<{ name: string; condition: NetworkCondition | null }> | null;
}

async function configuration(name: string, value: unknown, defaults: Defaults): Promise<Configuration[]> {
  const path = ['configurations', name];
  const fields = map(value, path, CONFIGURATION_KEYS, 'a map with serve:, command: and url:, or url:');
  const at = (key: string): KeyPath => [...path, key];
  const has = (key: string): boolean => key in fields;
  const text = (key: string): string => {
    const v = fields[key];
    if (typeof v !== 'string' || v.trim() === '') {
      throw new ConfigKeyError(
        at(key),
        `${keyPathText(at(key))} expects text; received ${JSON.stringify(v)}`,
      );
    }
    return v.trim();
  };
  let kind: ConfigurationKind;
  if (has('serve')) {
    for (const other of ['command', 'url']) {
      if (has(other)) {
        throw new ConfigKeyError(
          at(other),
          `${keyPathText(at(other))}: a configuration is serve:, command: with url:, or url: alone, not serve: and ${other}:`,
        );
      }
    }
    kind = ConfigurationKind.Serve;
  } else if (has('command')) {
    if (!has('url')) {
      throw new ConfigKeyError(
        path,
        `${keyPathText(path)} has a command: but no url: (the playlist URL it serves, e.g. http://127.0.0.1:{port}/live.m3u8)`,
      );
    }
    kind = ConfigurationKind.Command;
  } else if (has('url')) kind = ConfigurationKind.Url;
  else {
    throw new ConfigKeyError(
      path,
      `${keyPathText(path)} needs serve: (llhls serve flags), command: with url:, or url: alone`,
    );
  }

  let source: ConfigurationSource;
  let tls: Configuration['tls'] = { insecure: false, ca: null };
  if (kind === ConfigurationKind.Serve) {
    const merged = { ...defaults.serve, ...serve(fields['serve'], at('serve')) };
    const serveArgs = await checkServeFields(merged).catch((error: unknown) => {
      if (error instanceof ServeArgsError) {
        throw new ConfigKeyError(at('serve'), `${keyPathText(at('serve'))}: ${error.message}`);
      }
      throw error;
    });
    if (merged['tls'] === 'self-signed') tls = { insecure: true, ca: null };
    else if (typeof merged['tls-cert'] === 'string') tls = { insecure: false, ca: merged['tls-cert'] };
    source = { kind, serve: serveArgs, command: null, url: null };
  } else {
    const command = kind === ConfigurationKind.Command ? text('command') : null;
    const url = text('url');
    const placeholders = kind === ConfigurationKind.Command ? ['port'] : [];
    atKey(at('url'), () => checkPlaceholders(url, placeholders, keyPathText(at('url'))));
    const probe = url.replaceAll('{port}', '1');
    if (!/^https?:\/\/[^/\s]+/.test(probe) || !URL.canParse(probe)) {
      throw new ConfigKeyError(
        at('url'),
        `${keyPathText(at('url'))} expects an http(s) playlist URL such as http://127.0.0.1:8080/live.m3u8; received '${url}'`,
      );
    }
    if (command !== null)
      atKey(at('command'), () => checkPlaceholders(command, undefined, keyPathText(at('command'))));
    source =
      command === null
        ? { kind: ConfigurationKind.Url, serve: null, command: null, url }
        : { kind: ConfigurationKind.Command, serve: null, command, url };
  }
  if (has('network') && defaults.networks !== null) {
    throw new ConfigKeyError(
      at('network'),
      `${keyPathText(at('network'))}: the file's networks: already measures every configuration on each network; remove one of them`,
    );
  }
  const ownClients = has('clients') ? clients(fields['clients'], at('clients')) : defaults.clients;
  const ownPlayer = playerSettings(player(fields['player'], at('player'), defaults.player, true));
  const named = fields['player'];
  if (isMap(named) && named['name'] !== undefined && !ownClients.includes(ClientKind.Browser)) {
    throw new ConfigKeyError(
      at('player'),
      `${keyPathText(at('player'))}: a player plays in the browser client only, and this configuration's clients are ${ownClients.join(',')}: add browser (clients: node,browser, or --client node,browser)`,
    );
  }
  const own = {
    name,
    clients: ownClients,
    viewers: has('viewers') ? wholeNumber(fields['viewers'], at('viewers'), 1, 100_000) : defaults.viewers,
    player: ownPlayer,
    tls,
  };
  if (defaults.networks === null) {
    return [
      { ...source, ...own, network: has('network') ? readNetwork(fields['network'], at('network')) : null },
    ];
  }
  return defaults.networks.map((n) => ({
    ...source,
    ...own,
    name: `${name} @ ${n.name}`,
    network: n.condition,
  }));
}

/**
 * A comparison's plan from a document (a parsed compare file, or what `--vary` builds) and the
 * flags that override it. Checks everything a configuration needs before anything starts: each
 * `serve:` as `llhls serve` itself would check its flags, every network, placeholder and value.
 * @throws ConfigKeyError naming the key (the caller places it: `file:line`, or the flag)
 * @throws LlhlsError for a flag's own value
 */
export async function planFromDocument(
  document: unknown,
  flags: CompareFlagValues,
  source: string,
): Promise<ComparePlan> {
  const doc = map(document, [], TOP_KEYS, 'a map with configurations:');
  const durationMs = duration(
    flags.duration,
    '--duration',
    doc['duration'],
    ['duration'],
    COMPARE_DEFAULTS.duration,
    {
      minMs: 1000,
    },
  );
  const warmupMs = duration(flags.warmup, '--warmup', doc['warmup'], ['warmup'], COMPARE_DEFAULTS.warmup, {});
  if (warmupMs >= durationMs) {
    throw new ConfigKeyError(
      ['warmup'],
      `warm-up (${warmupMs / 1000} s) must be shorter than the duration (${durationMs / 1000} s): nothing would be measured; shorten --warmup or lengthen --duration`,
    );
  }
  const baseClients =
    flags.client !== undefined
      ? parseClientKinds(flags.client)
      : doc['clients'] !== undefined
        ? clients(doc['clients'], ['clients'])
        : parseClientKinds(COMPARE_DEFAULTS.client);
  const viewers =
    flags.viewers ??
    (doc['viewers'] === undefined ? null : wholeNumber(doc['viewers'], ['viewers'], 1, 100_000));
  const repeat =
    flags.repeat ??
    (doc['repeat'] === undefined
      ? COMPARE_DEFAULTS.repeat
      : wholeNumber(doc['repeat'], ['repeat'], 1, MAX_REPEAT));
  const readyTimeoutMs = duration(
    flags['ready-timeout'],
    '--ready-timeout',
    doc['ready-timeout'],
    ['ready-timeout'],
    COMPARE_DEFAULTS.readyTimeout,
    { minMs: 1000, maxMs: 10 * 60_000 },
  );
  const filePlayer = player(doc['player'], ['player'], {
    name: PlayerName.HlsJs,
    catchUp: false,
    configs: {},
  });
  // The flags over the file's player: (a configuration's own player: wins over both).
  const flagName: Record<string, string> = { name: '--player', config: '--player-config' };
  const basePlayer = playerLayer(
    {
      name: flags.player,
      'catch-up': flags['catch-up'],
      config: flags['player-config'],
      'hls-config': flags['hls-config'],
    },
    (key) => [flagName[key] ?? `--${key}`],
    filePlayer,
  );
  const baseServe = {
    ...serve(doc['serve'], ['serve']),
    ...(flags.serve === undefined ? {} : serve(flags.serve, ['--serve'])),
  };
  // Checked once here too: they also make the test source of a command's {source}.
  await checkServeFields(baseServe).catch((error: unknown) => {
    if (!(error instanceof ServeArgsError)) throw error;
    const at = flags.serve === undefined ? 'serve' : '--serve';
    throw new ConfigKeyError([at], `${at}: ${error.message}`);
  });
  let networks: Defaults['networks'] = null;
  if (doc['networks'] !== undefined) {
    const named = doc['networks'];
    if (!isMap(named) || Object.keys(named).filter((k) => !k.startsWith('x-')).length === 0) {
      throw new ConfigKeyError(
        ['networks'],
        `networks expects a map of named networks, e.g. networks: { clean: none, cascade: { profile: cascade } }; received ${JSON.stringify(named)}`,
      );
    }
    networks = Object.entries(named)
      .filter(([name]) => !name.startsWith('x-'))
      .map(([name, value]) => ({ name, condition: readNetwork(value, ['networks', name], name) }));
  }
  const configurationsValue = doc['configurations'];
  if (!isMap(configurationsValue) || Object.keys(configurationsValue).length === 0) {
    throw new ConfigKeyError(
      ['configurations'],
      `configurations ${configurationsValue === undefined ? 'is missing' : 'expects a map of named configurations'}: e.g. configurations: { ll-100ms: { serve: { part-duration: 0.1 } } }`,
    );
  }
  const expanded: Configuration[][] = [];
  for (const [name, value] of Object.entries(configurationsValue)) {
    if (name.startsWith('x-')) continue;
    expanded.push(
      await configuration(name, value, {
        clients: baseClients,
        viewers,
        player: basePlayer,
        serve: baseServe,
        networks,
      }),
    );
  }
  // With networks: every configuration on the first network, then on the next: the table reads
  // as one block per network.
  const configurations: Configuration[] = [];
  for (let n = 0; n < (networks?.length ?? 1); n += 1) {
    for (const variants of expanded) configurations.push(variants[n]!);
  }
  const seen = new Map<string, string>();
  for (const c of configurations) {
    const dir = sanitizeLabel(c.name);
    const before = seen.get(dir);
    if (before !== undefined) {
      throw new ConfigKeyError(
        ['configurations', c.name],
        `configurations '${before}' and '${c.name}' would share the run directory ${dir}: rename one`,
      );
    }
    seen.set(dir, c.name);
  }
  return {
    configurations,
    testSource: atKey(['serve'], () => testSource(baseServe)),
    durationMs,
    warmupMs,
    repeat,
    reference: reference(flags.reference ?? doc['reference'], configurations),
    readyTimeoutMs,
    source,
  };
}

function reference(value: unknown, configurations: readonly Configuration[]): string {
  if (value === undefined || value === null) return configurations[0]!.name;
  const names = configurations.map((c) => c.name);
  const found =
    configurations.find((c) => c.name === value) ??
    configurations.find((c) => c.name.startsWith(`${value} @ `));
  if (found === undefined) {
    throw new ConfigKeyError(
      ['reference'],
      `reference '${String(value)}' is not a configuration (${names.join(', ')})`,
    );
  }
  return found.name;
}

/** The test source the base serve flags describe (serve's defaults for the rest). */
function testSource(fields: ServeFields): TestSource {
  const [width, height] = parseResolution(String(fields['resolution'] ?? SERVE_FLAG_DEFAULTS.resolution));
  return {
    width,
    height,
    frameRate: Number(fields['framerate'] ?? SERVE_FLAG_DEFAULTS.framerate),
    bitrateKbps: Number(fields['bitrate'] ?? SERVE_FLAG_DEFAULTS.bitrate),
    segmentDuration: parseSeconds(
      String(fields['segment-duration'] ?? SERVE_FLAG_DEFAULTS['segment-duration']),
      '--segment-duration',
    ),
  };
}
