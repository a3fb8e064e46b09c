import type { Page } from 'playwright-core';
import { Agent, type Dispatcher } from 'undici';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type { MediaPlaylist } from '../hls/media-playlist.js';
import type { ClientOutcome, MeasureClient, MeasureContext } from '../run/measure-client.js';
import type { ClientInfo } from '../run/types.js';
import { connectOptions, DEFAULT_TLS, pemCertificates, type TlsOptions } from '../tls-options.js';
import { type LaunchedBrowser, launchChromium, resolveBrowser } from './chromium.js';
import { HARNESS_PAGE, HARNESS_PREFIX, harnessHtml, REPORT_BINDING } from './harness-page.js';
import { hlsJsAdapter } from './hlsjs-adapter.js';
import { liveHoldBack } from './live-hold-back.js';
import { mediaPlaylistBehind } from './media-playlist-behind.js';
import { mergeConfig } from './merge-config.js';
import { NetworkObserver } from './network-observer.js';
import type { PageBatch } from './page-report.js';
import { PlaySession } from './play-session.js';
import type { PlayerAdapter } from './player-adapter.js';
import { fetchTimestamps } from './timestamps-fetch.js';
import type { TimestampsView } from './timestamps-view.js';

export interface BrowserClientOptions {
  /** `--browser PATH` (else LLHLS_BROWSER, Playwright's Chromium, /usr/bin/chromium). */
  browser?: string;
  /** `--headed`: a visible window. */
  headed?: boolean;
  /** `--player-config JSON` (or `--hls-config`), parsed: merged over the player's low-latency
   *  defaults. */
  playerConfig?: Record<string, unknown>;
  /** The flag that gave `playerConfig`, named when the player refuses it. */
  configFlag?: string;
  /** `--catch-up`: the player's catch-up options for the stream's hold-back, under playerConfig. */
  catchUp?: boolean;
  /** The player to drive; hls.js by default. */
  player?: PlayerAdapter;
  /** How often the page sends its batch (ms). */
  batchMs?: number;
  /** How often /timestamps.json is fetched (ms). */
  timestampsIntervalMs?: number;
  /** Which TLS certificates to trust (`--insecure`, `--ca`), in Node's requests and Chromium. */
  tls?: TlsOptions;
}

/**
 * `llhls measure --client browser`: a real player (hls.js) in headless Chromium, every presented
 * frame a sample. The harness page is served at the stream's own origin through request
 * interception, so servers that send no CORS headers are measured too.
 */
export class BrowserClient implements MeasureClient {
  readonly kind = 'browser' as const;
  readonly #options: BrowserClientOptions;
  readonly #player: PlayerAdapter;
  #launched: LaunchedBrowser | null = null;
  #resolvedConfig: Record<string, unknown> | null = null;
  /** The catch-up options, once the stream's hold-back is known (`--catch-up`). */
  #catchUp: Record<string, unknown> = {};

  constructor(options: BrowserClientOptions = {}) {
    this.#options = options;
    this.#player = options.player ?? hlsJsAdapter;
  }

  info(): ClientInfo {
    let executablePath = this.#launched?.executablePath ?? '';
    if (executablePath === '') {
      try {
        executablePath = resolveBrowser(this.#browserOption()).executablePath;
      } catch {
        executablePath = '';
      }
    }
    return {
      kind: 'browser',
      player: {
        name: this.#player.name,
        version: this.#player.version(),
        config: this.#config(),
        ...(this.#resolvedConfig === null ? {} : { resolvedConfig: this.#resolvedConfig }),
      },
      browser: {
        name: 'chromium',
        version: this.#launched?.version ?? 'unknown',
        executablePath,
        headed: this.#options.headed ?? false,
      },
    };
  }

  async run(ctx: MeasureContext): Promise<ClientOutcome> {
    const tls = this.#options.tls ?? DEFAULT_TLS;
    const agent = new Agent({ connect: connectOptions(tls) });
    try {
      return await this.#run(ctx, tls, agent);
    } finally {
      await agent.close().catch(() => undefined);
    }
  }

  async #run(ctx: MeasureContext, tls: TlsOptions, agent: Dispatcher): Promise<ClientOutcome> {
    const resolved = resolveBrowser(this.#browserOption());
    const media = await mediaPlaylistBehind(ctx.url, ctx.signal, agent);
    const failure = media === null ? null : (this.#player.knownFailure?.(media) ?? null);
    if (failure !== null) {
      ctx.log(`browser: warning: ${failure}`);
      const t = ctx.toServerTime(performance.timeOrigin + performance.now());
      ctx.emit({
        type: 'event',
        t,
        client: 'browser',
        viewer: 0,
        name: 'player-warning',
        detail: { message: failure },
      });
    }
    if (this.#options.catchUp === true) {
      const holdBack = holdBackOf(ctx.url, media);
      this.#catchUp = this.#player.catchUpConfig(holdBack);
      ctx.log(
        `browser: catch-up to ${holdBack} s behind the playlist end (${JSON.stringify(this.#catchUp)})`,
      );
    }
    const origin = new URL(ctx.url).origin;
    let view = await fetchTimestamps(origin, null, ctx.signal, agent);
    const startedAt = ctx.toServerTime(performance.timeOrigin + performance.now());
    const launched = await launchChromium({
      executablePath: resolved.executablePath,
      headed: this.#options.headed ?? false,
      ignoreCertificateErrors: tls.insecure,
      trustedCertificates: tls.ca === null ? [] : pemCertificates(tls.ca),
    });
    this.#launched = launched;
    const session = new PlaySession(ctx, startedAt, () => view);
    try {
      const page = launched.context.pages()[0] ?? (await launched.context.newPage());
      const network = new NetworkObserver(page, {
        toServerTime: ctx.toServerTime,
        emit: ctx.emit,
        view: () => view,
      });
      // A crashed page, or a player stopped by a fatal error (neither hls.js nor Shaka goes on
      // after one), ends the play early; the samples so far are still returned.
      const crashed = new AbortController();
      page.on('crash', () => {
        session.error('page-crash', 'the browser page crashed', true);
        crashed.abort();
      });
      session.onFatal = (code, message) => {
        ctx.log(
          `browser: ${this.#player.name} stopped on a fatal error (${code}: ${message}); the play ends here`,
        );
        crashed.abort();
      };
      await page.exposeFunction(REPORT_BINDING, (batch: PageBatch) => session.onBatch(batch));
      await this.#openHarness(page, ctx.url, view);
      ctx.log(`browser: ${this.#player.name} ${this.#player.version()} in Chromium ${launched.version}`);
      const refused = (await page.evaluate('window.__llhlsStart()')) as string | null;
      if (refused !== null) {
        throw new LlhlsError(
          LlhlsErrorCode.InvalidFlag,
          `${this.#player.name} refused its configuration (${refused}): fix ${this.#options.configFlag ?? '--player-config'}`,
        );
      }
      this.#resolvedConfig = (await page
        .evaluate('window.__llhlsPlayer.resolvedConfig()')
        .catch(() => null)) as Record<string, unknown> | null;
      // Refresh the frame-code index while playing; each refresh releases the frames held for it.
      const poll = async (signal: AbortSignal): Promise<void> => {
        const requestedAt = Date.now();
        view = await fetchTimestamps(origin, view, signal, agent);
        session.release(requestedAt);
        network.release(requestedAt);
      };
      const interval = this.#options.timestampsIntervalMs ?? 500;
      const timer =
        view === null ? null : setInterval(() => void poll(ctx.signal).catch(() => undefined), interval);
      await waitFor(ctx.durationMs, AbortSignal.any([ctx.signal, crashed.signal]));
      if (timer !== null) clearInterval(timer);
      // Read again at the end: Shaka applies its low-latency profile once it has seen the stream.
      this.#resolvedConfig = ((await withTimeout(
        page.evaluate('window.__llhlsPlayer.resolvedConfig()'),
        5000,
      ).catch(() => null)) ?? this.#resolvedConfig) as Record<string, unknown> | null;
      await withTimeout(page.evaluate('window.__llhlsStop()'), 5000).catch(() => undefined);
      await network.close();
      // One last refresh for the frames of the last half second (ctx.signal may be aborted by now).
      if (view !== null) await poll(AbortSignal.timeout(3000)).catch(() => undefined);
      session.release(Number.POSITIVE_INFINITY);
      network.release(Number.POSITIVE_INFINITY);
      return session.outcome(network, view);
    } finally {
      await launched.close();
    }
  }

  /** What the player gets: its defaults, then catch-up, then the user's --player-config. */
  #config(): Record<string, unknown> {
    return this.#player.effectiveConfig(mergeConfig(this.#catchUp, this.#options.playerConfig ?? {}));
  }

  #browserOption(): { browser?: string } {
    return this.#options.browser === undefined ? {} : { browser: this.#options.browser };
  }

  /** Serves the harness and the player's scripts at `<origin>/__llhls__/`, then stops
   *  intercepting so no media request pays for a round trip through Node. */
  async #openHarness(page: Page, src: string, view: TimestampsView | null): Promise<void> {
    const base = `${new URL(src).origin}${HARNESS_PREFIX}`;
    const html = harnessHtml(this.#player, {
      src,
      config: this.#config(),
      frameCode: view?.frameCode ?? null,
      batchMs: this.#options.batchMs ?? 250,
    });
    // Exact-URL predicates, not globs: an IPv6 origin's brackets would be glob syntax.
    const exact = (path: string) => (url: URL) => url.href === `${base}${path}`;
    await page.route(exact(HARNESS_PAGE), (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: html }),
    );
    for (const [path, asset] of Object.entries(this.#player.assets())) {
      await page.route(exact(path), (route) =>
        route.fulfill({ status: 200, contentType: asset.contentType, body: asset.body() }),
      );
    }
    try {
      await page.goto(`${base}${HARNESS_PAGE}`, { waitUntil: 'load', timeout: 30_000 });
    } catch (error) {
      throw new LlhlsError(
        LlhlsErrorCode.BrowserFailed,
        `the harness page did not load in Chromium (${(error as Error).message.split('\n')[0]}): try --headed to see it`,
        { cause: error },
      );
    }
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }
}

/** The hold-back `--catch-up` aims at: the media playlist's, or the first variant's. */
function holdBackOf(url: string, media: MediaPlaylist | null): number {
  const holdBack = media !== null && !media.endList ? liveHoldBack(media) : null;
  if (holdBack === null) {
    throw new LlhlsError(
      LlhlsErrorCode.InvalidFlag,
      `--catch-up needs a live playlist with a TARGETDURATION; ${url} has none: drop --catch-up`,
    );
  }
  return holdBack;
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
