import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Agent } from 'undici';
import { resolveFfmpeg } from '../../streamer/capture/ffmpeg-binary.js';
import { mediaPlaylistBehind } from '../browser/media-playlist-behind.js';
import { PLAYER_ADAPTERS, PlayerName } from '../browser/player-choice.js';
import { isLlhlsError, LlhlsErrorCode } from '../errors.js';
import { createClients } from '../measure/create-clients.js';
import { type MeasureHooks, runMeasure } from '../measure/measure-session.js';
import { serverClockProbe } from '../measure/server-clock.js';
import { type ImpairmentProxy, startProxy } from '../proxy/proxy.js';
import type { MeasureClient } from '../run/measure-client.js';
import { sanitizeLabel } from '../run/run-dir.js';
import { ClientKind } from '../run/types.js';
import { connectOptions, DEFAULT_TLS, readTlsOptions, type TlsOptions } from '../tls-options.js';
import { type CompareRun, CompareRunStatus } from './compare-result.js';
import { type ComparePlan, type Configuration, ConfigurationKind } from './configuration.js';
import { fillPlaceholders, testSourceArgs, uses } from './placeholders.js';
import { NotReadyError, waitForPlaylist } from './playlist-ready.js';
import { ProxiedClient } from './proxied-client.js';
import { ResourceSampler } from './resource-sampler.js';
import {
  freePort,
  lastLines,
  type ProcessExit,
  type StreamerProcess,
  startProcess,
} from './streamer-process.js';

/** What every run of a comparison shares. */
export interface RunContext {
  plan: ComparePlan;
  /** the comparison directory */
  dir: string;
  /** `bin/run.js` of this llhls, which `serve:` configurations run */
  llhlsBin: string;
  browser?: string | undefined;
  command: string[];
  toolVersion: string;
  signal: AbortSignal;
  log: (line: string) => void;
  progress?: MeasureHooks['progress'];
}

/** A run's directory name: the configuration's, numbered by round with --repeat. */
export function runName(plan: Pick<ComparePlan, 'repeat'>, name: string, repeat: number): string {
  return plan.repeat > 1 ? `${sanitizeLabel(name)}-${repeat}` : sanitizeLabel(name);
}

const describeExit = (exit: ProcessExit): string =>
  exit.code !== null
    ? `exit code ${exit.code}`
    : exit.signal !== null
      ? `signal ${exit.signal}`
      : 'not started';

/** What a streamer's output said last, for an error line. */
const said = (proc: StreamerProcess): string => {
  const tail = lastLines(proc.tail());
  return tail === '' ? 'it wrote nothing' : `it said: ${tail}`;
};

/** An error's message, its first line (whatever was thrown). */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Resolves with `llhls serve --json`'s ready document, or rejects when it exits first. */
function serveReady(proc: StreamerProcess & { child: import('node:child_process').ChildProcess }): Promise<{
  links: { playlist: string; multivariant: string };
  configuration: Record<string, unknown>;
  advertised: unknown;
}> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      // The ready document is the first JSON object printed; it ends with a line '}'.
      const end = text.indexOf('\n}');
      if (end < 0) return;
      proc.child.stdout?.off('data', onData);
      try {
        resolve(JSON.parse(text.slice(0, end + 2)));
      } catch (error) {
        reject(
          new NotReadyError(`llhls serve printed something other than its ready document: ${oneLine(error)}`),
        );
      }
    };
    proc.child.stdout?.on('data', onData);
    void proc.exited.then((exit) =>
      reject(
        new NotReadyError(`llhls serve exited (${describeExit(exit)}) before it was ready: ${said(proc)}`),
      ),
    );
  });
}

/**
 * Why the configuration's browser player is known to fail on the stream at `url` (Shaka on
 * MPEG-TS parts: error 3018), read from its media playlist by the player's adapter as the
 * browser client itself warns of it; null when it is not, or there is no browser client.
 */
async function knownPlayerFailure(
  configuration: Configuration,
  url: string,
  tls: TlsOptions,
  signal: AbortSignal,
): Promise<string | null> {
  const adapter = PLAYER_ADAPTERS[configuration.player.name];
  if (!configuration.clients.includes(ClientKind.Browser) || adapter.knownFailure === undefined) return null;
  const agent = new Agent({ connect: connectOptions(tls) });
  try {
    const media = await mediaPlaylistBehind(url, signal, agent);
    return media === null ? null : adapter.knownFailure(media);
  } finally {
    await agent.close().catch(() => undefined);
  }
}

async function clientTls(configuration: Configuration): Promise<TlsOptions> {
  if (configuration.tls.ca !== null) return readTlsOptions({ ca: configuration.tls.ca });
  return configuration.tls.insecure ? { ...DEFAULT_TLS, insecure: true } : DEFAULT_TLS;
}

/**
 * One run of one configuration: starts its streamer in its own process (`llhls serve` from this
 * llhls's bin/run.js, or the command under `sh -c`), waits until its playlist lists a segment,
 * puts an impairment proxy in front of it per client when it has a network, samples the
 * streamer's process tree, measures as `llhls measure` would into `<dir>/runs/<name>`, and stops
 * everything. Never throws for the configuration's own failure: the run says `failed` with why.
 */
export async function runConfiguration(
  configuration: Configuration,
  repeat: number,
  ctx: RunContext,
): Promise<CompareRun> {
  const name = runName(ctx.plan, configuration.name, repeat);
  const runDir = join(ctx.dir, 'runs', name);
  const logPath = join(ctx.dir, 'logs', `${name}.log`);
  const record: CompareRun = {
    configuration: configuration.name,
    repeat,
    status: CompareRunStatus.Failed,
    error: null,
    run: null,
    url: null,
    startedAt: Date.now(),
    endedAt: null,
    streamer: null,
    network: null,
    proxyBytesPerSecond: null,
  };
  let log: WriteStream | null = null;
  let proc: (StreamerProcess & { child: import('node:child_process').ChildProcess }) | null = null;
  let tempDir: string | null = null;
  let sampler: ResourceSampler | null = null;
  const proxies: Array<{ client: ClientKind; proxy: ImpairmentProxy }> = [];
  let streamerRecord: Record<string, unknown> = {
    configuration: configuration.name,
    kind: configuration.kind,
  };
  try {
    const tls = await clientTls(configuration);
    // Set on every path below (serve: from its ready line), which TypeScript cannot follow.
    let url: string;
    /** what the clients play: the playlist url, or llhls serve's multivariant playlist */
    let measuredUrl: string | null = null;
    const startedAt = Date.now();
    if (configuration.kind === ConfigurationKind.Url) {
      url = configuration.url;
      streamerRecord = { ...streamerRecord, url };
    } else {
      log = createWriteStream(logPath);
      let argv: string[];
      if (configuration.kind === ConfigurationKind.Serve) {
        argv = [
          ctx.llhlsBin,
          'serve',
          ...configuration.serve,
          '--http-port',
          '0',
          '--status-interval',
          '0',
          '--json',
        ];
        proc = startProcess(process.execPath, argv, log);
      } else {
        const { command } = configuration;
        const values: Parameters<typeof fillPlaceholders>[1] = {};
        if (uses(command, 'port') || uses(configuration.url, 'port')) values.port = String(await freePort());
        if (uses(command, 'dir')) {
          tempDir = await mkdtemp(join(tmpdir(), `llhls-compare-${sanitizeLabel(configuration.name)}-`));
          values.dir = tempDir;
        }
        if (uses(command, 'ffmpeg')) values.ffmpeg = (await resolveFfmpeg()).ffmpeg;
        if (uses(command, 'source')) values.source = testSourceArgs(ctx.plan.testSource);
        argv = ['/bin/sh', '-c', fillPlaceholders(command, values, true)];
        proc = startProcess(argv[0]!, argv.slice(1), log);
        url = fillPlaceholders(configuration.url, values, false);
        streamerRecord = { ...streamerRecord, command: argv[2], url };
      }
      const started = proc;
      record.streamer = {
        argv: configuration.kind === ConfigurationKind.Serve ? [process.execPath, ...argv] : argv,
        pid: started.pid,
        log: relative(ctx.dir, logPath),
        readyMs: null,
        exit: null,
        resources: null,
      };
      if (configuration.kind === ConfigurationKind.Serve) {
        const ready = await Promise.race([
          serveReady(started),
          new Promise<never>((_, reject) =>
            setTimeout(
              () =>
                reject(
                  new NotReadyError(
                    `llhls serve printed no ready line within ${ctx.plan.readyTimeoutMs / 1000} s: ${said(started)}`,
                  ),
                ),
              ctx.plan.readyTimeoutMs,
            ).unref(),
          ),
        ]);
        url = ready.links.playlist;
        // Shaka guesses no codecs from a media playlist: it starts on the multivariant playlist
        // (with CODECS), as measure --player shaka is told to; the clients measure that URL.
        if (
          configuration.clients.includes(ClientKind.Browser) &&
          configuration.player.name === PlayerName.Shaka
        )
          measuredUrl = ready.links.multivariant;
        streamerRecord = { ...streamerRecord, serve: ready.configuration, advertised: ready.advertised };
      }
    }
    record.url = url!;
    await waitForPlaylist(url!, {
      timeoutMs: Math.max(1000, ctx.plan.readyTimeoutMs - (Date.now() - startedAt)),
      signal: ctx.signal,
      tls,
      ...(proc === null
        ? {}
        : {
            gone: proc.exited.then(
              (exit) => `the streamer exited (${describeExit(exit)}) before serving ${url}: ${said(proc!)}`,
            ),
          }),
    });
    if (record.streamer !== null) record.streamer.readyMs = Date.now() - startedAt;
    if (ctx.signal.aborted) throw new Error('stopped before measuring');
    url = measuredUrl ?? url!;
    record.url = url;
    const failure = await knownPlayerFailure(configuration, url, tls, ctx.signal);
    // Measured anyway, the row would show a "complete" run of a player that stopped at once.
    if (failure !== null) throw new Error(`not measured: ${failure}`);

    const network = configuration.network;
    const kinds = configuration.clients;
    if (network !== null) {
      for (const [i, client] of kinds.entries()) {
        const proxy = await startProxy({
          target: url!,
          impairment: network.impairment,
          profile: network.profile,
          // The same draws for every configuration of a round, other ones in the next round.
          seed: (network.seed ?? repeat) * 16 + i,
        });
        proxies.push({ client, proxy });
      }
      streamerRecord = {
        ...streamerRecord,
        network: {
          description: network.description,
          proxies: proxies.map((p) => ({ client: p.client, url: p.proxy.url })),
        },
      };
    }
    const browser = kinds.includes(ClientKind.Browser);
    const clients = createClients(kinds, {
      viewers: kinds.includes(ClientKind.Node) ? (configuration.viewers ?? undefined) : undefined,
      // The configuration's player through the same adapters as measure --player.
      player: browser
        ? {
            adapter: PLAYER_ADAPTERS[configuration.player.name],
            config: configuration.player.config,
            configFlag: configuration.player.configKey,
          }
        : undefined,
      catchUp: browser && configuration.player.catchUp,
      browser: ctx.browser,
      tls,
    }).map((client): MeasureClient => {
      const proxy = proxies.find((p) => p.client === client.kind)?.proxy;
      return proxy === undefined ? client : new ProxiedClient(client, proxy.url);
    });
    const via =
      network === null || proxies.length === 0
        ? ''
        : ` through ${network.description} (${proxies.map((p) => p.proxy.url).join(', ')})`;
    const readyMs = record.streamer?.readyMs ?? null;
    const ready = readyMs === null ? '' : `, ready after ${(readyMs / 1000).toFixed(1)} s`;
    ctx.log(`  measuring ${url!}${via}${ready}`);
    if (proc !== null) {
      sampler = new ResourceSampler(proc.pid);
      await sampler.start();
    }
    const measured = await runMeasure(
      {
        url: url!,
        clients,
        durationMs: ctx.plan.durationMs,
        warmupMs: ctx.plan.warmupMs,
        label: name,
        out: runDir,
        command: ctx.command,
        toolVersion: ctx.toolVersion,
        streamer: streamerRecord,
        tls,
      },
      {
        signal: ctx.signal,
        measureClock: serverClockProbe,
        ...(ctx.progress === undefined ? {} : { progress: ctx.progress }),
      },
    );
    record.run = relative(ctx.dir, measured.dir);
    record.status = measured.info.status === 'running' ? CompareRunStatus.Failed : measured.info.status;
    record.error = measured.info.error;
    const seconds = ((measured.info.endedAt ?? measured.info.startedAt) - measured.info.startedAt) / 1000;
    if (proxies.length > 0 && seconds > 0) {
      record.proxyBytesPerSecond = proxies.reduce((sum, p) => sum + p.proxy.stats().bytes.down, 0) / seconds;
    }
  } catch (error) {
    const interrupted =
      ctx.signal.aborted && (!isLlhlsError(error) || error.code === LlhlsErrorCode.Interrupted);
    record.status = interrupted ? CompareRunStatus.Interrupted : CompareRunStatus.Failed;
    record.error = interrupted
      ? `stopped before anything was measured (${String(ctx.signal.reason)})`
      : oneLine(error);
  } finally {
    if (sampler !== null && record.streamer !== null) record.streamer.resources = await sampler.stop();
    if (configuration.network !== null && proxies.length > 0) {
      record.network = {
        description: configuration.network.description,
        proxies: proxies.map((p) => ({ client: p.client, url: p.proxy.url, stats: p.proxy.stats() })),
      };
      await Promise.all(proxies.map((p) => p.proxy.close()));
    }
    if (proc !== null) {
      const exit = proc.exit();
      if (exit !== null && record.streamer !== null) {
        record.streamer.exit = exit;
        // It went away by itself: say so, whatever else went wrong.
        if (record.status === CompareRunStatus.Complete || record.status === CompareRunStatus.Failed) {
          const why = `the streamer exited (${describeExit(exit)}) during the run: ${said(proc)}`;
          if (record.error === null || !record.error.includes('exited')) {
            record.error = record.error === null ? why : `${record.error}; ${why}`;
          }
          record.status = CompareRunStatus.Failed;
        }
      }
      await proc.stop();
    }
    const open = log;
    if (open !== null) await new Promise((resolve) => open.end(resolve));
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true });
    record.endedAt = Date.now();
  }
  return record;
}
