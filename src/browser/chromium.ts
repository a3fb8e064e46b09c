import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/** Where Debian/Ubuntu put the distribution's Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Arguments measured to work on these machines. QUIC off so HTTP timings are TCP's like the Node
 * client's; background networking, component updates and sync off so the page's network log
 * holds only the stream; autoplay without a gesture because nobody clicks in a measurement.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface BrowserResolveOptions {
  /** `--browser PATH`. */
  browser?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Injected for tests; defaults to playwright-core's managed Chromium path. */
  managedPath?: () => string | null;
  exists?: (path: string) => boolean;
}

export interface ResolvedBrowser {
  executablePath: string;
  source: 'flag' | 'env' | 'playwright' | 'system';
}

const requireCjs = createRequire(import.meta.url);

/**
 * Playwright's Chromium launcher, loaded on first use: loading playwright-core takes ~0.6 s of
 * CPU, and oclif loads every command's modules for any command (even `llhls --version`).
 */
function chromium(): typeof import('playwright-core').chromium {
  return (requireCjs('playwright-core') as typeof import('playwright-core')).chromium;
}

function playwrightManagedPath(): string | null {
  try {
    return chromium().executablePath();
  } catch {
    return null;
  }
}

/**
 * `--browser PATH`, then `LLHLS_BROWSER`, then Playwright's managed Chromium when it is
 * installed, then the system Chromium. A path the user named that does not exist is their
 * mistake and is not silently replaced by another browser.
 */
export function resolveBrowser(options: BrowserResolveOptions = {}): ResolvedBrowser {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const named: Array<[string | undefined, 'flag' | 'env', string]> = [
    [options.browser, 'flag', '--browser'],
    [env['LLHLS_BROWSER'], 'env', 'LLHLS_BROWSER'],
  ];
  for (const [path, source, label] of named) {
    if (path === undefined || path === '') continue;
    if (!exists(path)) {
      throw new LlhlsError(
        LlhlsErrorCode.BrowserNotFound,
        `${label} names ${path}, which does not exist: give the path of a Chromium executable`,
      );
    }
    return { executablePath: path, source };
  }
  const managed = (options.managedPath ?? playwrightManagedPath)();
  if (managed !== null && exists(managed)) return { executablePath: managed, source: 'playwright' };
  if (exists(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'system' };
  throw new LlhlsError(
    LlhlsErrorCode.BrowserNotFound,
    'no Chromium found: run `sudo apt-get install chromium`, or pass --browser PATH (or set LLHLS_BROWSER)',
  );
}

export interface LaunchOptions {
  executablePath: string;
  headed: boolean;
  /** `--insecure`: accept any certificate. */
  ignoreCertificateErrors?: boolean;
  /** `--ca`: certificates (PEM) to trust, pinned by the SHA-256 of their public key. */
  trustedCertificates?: readonly string[];
}

/**
 * Chromium's pin of a certificate: base64 SHA-256 of its SubjectPublicKeyInfo, what
 * `--ignore-certificate-errors-spki-list` takes. Chromium then accepts a server whose chain holds
 * a certificate with that key (a self-signed server certificate, or its CA when the server
 * sends it), without touching the system's trust store.
 */
export function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export interface LaunchedBrowser {
  context: BrowserContext;
  version: string;
  executablePath: string;
  headed: boolean;
  /** Closes the browser and removes its user-data-dir. Safe to call twice. */
  close(): Promise<void>;
}

/** A persistent context has no Browser object (Playwright returns null), so ask over CDP. */
async function browserVersion(context: BrowserContext): Promise<string> {
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const session = await context.newCDPSession(page);
    const { product } = (await session.send('Browser.getVersion')) as { product: string };
    await session.detach();
    return product.replace(/^[^/]*\//, '');
  } catch {
    return 'unknown';
  }
}

/** Launches Chromium with a fresh profile in a temp dir (no cache or state from earlier runs). */
export async function launchChromium(options: LaunchOptions): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'llhls-chromium-'));
  const args = options.headed ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : [...CHROMIUM_ARGS];
  const pins = (options.trustedCertificates ?? []).map(spkiHash);
  if (pins.length > 0) args.push(`--ignore-certificate-errors-spki-list=${pins.join(',')}`);
  let context: BrowserContext;
  try {
    context = await chromium().launchPersistentContext(userDataDir, {
      executablePath: options.executablePath,
      headless: !options.headed,
      args,
      viewport: { width: 1280, height: 720 },
      ignoreHTTPSErrors: options.ignoreCertificateErrors === true,
      // The measure session handles SIGINT, SIGTERM and SIGHUP: it stops the play, writes the
      // run and closes the browser itself. Playwright's own handlers would close the browser
      // underneath it (and exit 130 on SIGINT before the run is written).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    const first = String((error as Error).message ?? error).split('\n')[0];
    throw new LlhlsError(
      LlhlsErrorCode.BrowserFailed,
      `Chromium at ${options.executablePath} did not start (${first}): check it runs, or pass --browser PATH`,
      { cause: error },
    );
  }
  const version = await browserVersion(context);
  let closed = false;
  return {
    context,
    version,
    executablePath: options.executablePath,
    headed: options.headed,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
