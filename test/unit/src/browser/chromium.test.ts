import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveBrowser, SYSTEM_CHROMIUM } from '../../../../src/browser/chromium.js';
import { LlhlsErrorCode } from '../../../../src/errors.js';

const on =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

test('resolution order: --browser, LLHLS_BROWSER, Playwright Chromium, system Chromium', () => {
  const managedPath = () => '/pw/chrome';
  const all = on('/flag/chrome', '/env/chrome', '/pw/chrome', SYSTEM_CHROMIUM);
  const env = { LLHLS_BROWSER: '/env/chrome' };
  assert.deepEqual(resolveBrowser({ browser: '/flag/chrome', env, managedPath, exists: all }), {
    executablePath: '/flag/chrome',
    source: 'flag',
  });
  assert.equal(resolveBrowser({ env, managedPath, exists: all }).source, 'env');
  assert.equal(resolveBrowser({ env: {}, managedPath, exists: all }).source, 'playwright');
  assert.equal(resolveBrowser({ env: {}, managedPath, exists: on(SYSTEM_CHROMIUM) }).source, 'system');
  assert.equal(
    resolveBrowser({ env: {}, managedPath: () => null, exists: on(SYSTEM_CHROMIUM) }).source,
    'system',
  );
});

test('no browser: one error naming the apt package and the flag', () => {
  assert.throws(
    () => resolveBrowser({ env: {}, managedPath: () => '/pw/chrome', exists: on() }),
    (e: { code?: string; message?: string }) =>
      e.code === LlhlsErrorCode.BrowserNotFound &&
      /sudo apt-get install chromium/.test(e.message ?? '') &&
      /--browser PATH/.test(e.message ?? ''),
  );
});

test('a named browser that does not exist is an error, not silently replaced', () => {
  assert.throws(
    () => resolveBrowser({ browser: '/nope', env: {}, managedPath: () => null, exists: on(SYSTEM_CHROMIUM) }),
    (e: { code?: string; message?: string }) =>
      e.code === LlhlsErrorCode.BrowserNotFound && /--browser/.test(e.message ?? ''),
  );
  assert.throws(
    () => resolveBrowser({ env: { LLHLS_BROWSER: '/nope' }, exists: on(SYSTEM_CHROMIUM) }),
    (e: { message?: string }) => /LLHLS_BROWSER/.test(e.message ?? ''),
  );
});

test("a --ca certificate's pin is the base64 SHA-256 of its public key, as openssl computes it", async () => {
  const { execFileSync } = await import('node:child_process');
  const { selfSignedCertificate } = await import('../../../../streamer/tls.js');
  const { spkiHash } = await import('../../../../src/browser/chromium.js');
  const { cert } = await selfSignedCertificate();
  // openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64
  const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: cert });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub });
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
  assert.equal(spkiHash(cert), digest.toString('base64'));
});
