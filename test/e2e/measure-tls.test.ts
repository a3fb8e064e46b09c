/**
 * `llhls measure` against TLS servers with certificates no public authority signed: ours
 * (`llhls serve --tls self-signed`) with `--insecure`, and an origin with its own self-signed
 * certificate trusted with `--ca FILE`. Both clients: undici in Node, and Chromium (which pins the
 * `--ca` certificates by public key).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium, resolveBrowser } from '../../src/browser/chromium.js';
import { readRun } from '../../src/run/run-reader.js';
import { selfSignedCertificate } from '../../streamer/tls.js';
import { buildCli, runCli } from '../helpers/cli.js';
import { type FakeLlHlsServer, startFakeLlHls } from '../helpers/hls-servers.js';
import { startTestServe, type TestServe } from '../helpers/serve.js';

const measure = (args: string[]) => runCli(['measure', ...args]);

let serve: TestServe;
let origin: FakeLlHlsServer;
let work: string;
let certFile: string;
let cert: string;

before(async () => {
  buildCli('measure');
  work = await mkdtemp(join(tmpdir(), 'llhls-measure-tls-'));
  const material = await selfSignedCertificate();
  cert = material.cert;
  certFile = join(work, 'origin-cert.pem');
  await writeFile(certFile, cert);
  [serve, origin] = await Promise.all([
    startTestServe({ tls: { kind: 'self-signed', hosts: [] }, windowSegments: 3 }),
    startFakeLlHls({ tls: { cert: material.cert, key: material.key } }),
  ]);
});

after(async () => {
  await Promise.all([serve?.close(), origin?.close()]);
  await rm(work, { recursive: true, force: true });
});

describe('llhls measure over TLS', () => {
  it('a self-signed server without --insecure or --ca: one line that names both, exit 1, no run', async () => {
    const out = join(work, 'refused');
    const result = await measure(['--url', serve.url, '--duration', '2', '--warmup', '0', '--out', out]);
    assert.equal(result.code, 1, result.stderr); // the server, not the command line
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /^llhls: cannot reach https:\/\/127\.0\.0\.1:\d+: the server's certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): pass --ca FILE with its certificate \(or its CA's\), or --insecure to accept any certificate\n$/,
    );
    assert.equal(existsSync(out), false);
  });

  it('llhls serve --tls self-signed with --insecure: both clients measure, run.json records it', async () => {
    const out = join(work, 'insecure');
    const result = await measure([
      ...['--url', serve.url, '--insecure', '--client', 'node,browser'],
      ...['--duration', '8', '--warmup', '0', '--out', out],
    ]);
    assert.equal(result.code, 0, result.stderr);
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.equal(read.info?.status, 'complete');
    assert.deepEqual(read.info?.tls, { insecure: true, ca: null });
    // The /time probe went over TLS too (one clock: the server is on this host).
    assert.match(read.info?.clock.before.note ?? '', /the http-time probe agreed/);
    assert.ok(read.info?.stream !== null, 'timestamps.json read over TLS');
    const ok = (client: string) =>
      read.samples.filter(
        (s) => s.client === client && s.type === 'media' && s.error === null && s.status === 200,
      );
    assert.ok(ok('node').length > 10, 'node client parts');
    // Chromium accepted the certificate: hls.js's playlist and part requests were answered.
    assert.ok(ok('browser').length > 0, 'browser client parts');
    assert.ok(read.samples.some((s) => s.client === 'browser' && s.type === 'playlist' && s.status === 200));
  });

  it('an origin with its own certificate, trusted with --ca FILE', async () => {
    const out = join(work, 'ca');
    const result = await measure([
      '--url',
      origin.url,
      '--ca',
      certFile,
      '--duration',
      '3',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const read = await readRun(out);
    assert.deepEqual(read.issues, []);
    assert.deepEqual(read.info?.tls, { insecure: false, ca: certFile });
    assert.ok(read.samples.filter((s) => s.type === 'media' && s.error === null).length > 5);
  });

  it('Chromium trusts a --ca certificate by its public key, and not without it', async () => {
    const executablePath = resolveBrowser().executablePath;
    const pinned = await launchChromium({ executablePath, headed: false, trustedCertificates: [cert] });
    try {
      const page = pinned.context.pages()[0] ?? (await pinned.context.newPage());
      // A JSON document (a playlist would be a download, not a page).
      const response = await page.goto(`${origin.origin}/timestamps.json`);
      assert.equal(response?.status(), 200);
      assert.match((await response?.text()) ?? '', /"schema":"llhls.timestamps/);
    } finally {
      await pinned.close();
    }
    const plain = await launchChromium({ executablePath, headed: false });
    try {
      const page = plain.context.pages()[0] ?? (await plain.context.newPage());
      await assert.rejects(page.goto(`${origin.origin}/timestamps.json`), /ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await plain.close();
    }
  });

  it('a bad --ca, or --ca with --insecure: one line naming the flag, exit 2', async () => {
    const missing = await measure([
      '--url',
      origin.url,
      '--ca',
      join(work, 'nope.pem'),
      '--duration',
      '2',
      '--warmup',
      '0',
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^llhls: --ca \S+nope\.pem cannot be read \(ENOENT\): pass a PEM file/);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    const notPem = join(work, 'not.pem');
    await writeFile(notPem, 'hello\n');
    const garbage = await measure(['--url', origin.url, '--ca', notPem, '--duration', '2', '--warmup', '0']);
    assert.equal(garbage.code, 2);
    assert.match(garbage.stderr, /^llhls: --ca \S+not\.pem holds no readable PEM certificate/);
    const both = await measure(['--url', origin.url, '--ca', certFile, '--insecure', '--duration', '2']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--insecure|--ca/);
  });
});
