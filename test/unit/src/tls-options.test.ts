import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rootCertificates } from 'node:tls';
import { connectOptions, readTlsOptions, tlsAdvice } from '../../../src/tls-options.js';
import { selfSignedCertificate } from '../../../streamer/tls.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llhls-tls-options-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('TLS options', () => {
  it('--insecure accepts any certificate; --ca adds to the public authorities, not replaces them', async () => {
    assert.deepEqual(connectOptions({ insecure: true, ca: null, caFile: null }), {
      rejectUnauthorized: false,
    });
    assert.deepEqual(connectOptions({ insecure: false, ca: null, caFile: null }), {
      rejectUnauthorized: true,
    });
    const { cert } = await selfSignedCertificate();
    const file = join(dir, 'cert.pem');
    await writeFile(file, cert);
    const tls = await readTlsOptions({ ca: file });
    assert.deepEqual([tls.insecure, tls.caFile], [false, file]);
    const ca = connectOptions(tls).ca ?? [];
    assert.equal(ca.length, rootCertificates.length + 1);
    assert.equal(ca.at(-1), cert);
  });

  it('a --ca that cannot be read, or holds no certificate, is one line naming the flag', async () => {
    await assert.rejects(
      readTlsOptions({ ca: join(dir, 'missing.pem') }),
      /^LlhlsError: --ca \S+ cannot be read \(ENOENT\)/,
    );
    const key = join(dir, 'key.pem');
    await writeFile(key, (await selfSignedCertificate()).key);
    await assert.rejects(readTlsOptions({ ca: key }), /holds no readable PEM certificate/);
    const broken = join(dir, 'broken.pem');
    await writeFile(broken, '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    await assert.rejects(readTlsOptions({ ca: broken }), /holds no readable PEM certificate/);
  });

  it('advises --ca or --insecure for certificate errors only', () => {
    assert.match(
      tlsAdvice('DEPTH_ZERO_SELF_SIGNED_CERT self-signed certificate') ?? '',
      /--ca FILE .* or --insecure/,
    );
    assert.match(
      tlsAdvice(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' })) ?? '',
      /CERT_HAS_EXPIRED/,
    );
    assert.equal(tlsAdvice('ECONNREFUSED connect ECONNREFUSED'), null);
  });
});
