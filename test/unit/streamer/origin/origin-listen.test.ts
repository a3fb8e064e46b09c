import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { startOrigin } from './origin-harness.js';

/** Listening fails as the user can fix it: one line naming the flag, never a raw Node error. */
describe('origin listen errors', () => {
  const refuses = async (options: { host?: string; port?: number }, code: string, text: RegExp) => {
    await assert.rejects(
      startOrigin(options),
      (error: unknown) => error instanceof LlhlsError && error.code === code && text.test(error.message),
    );
  };

  it('a host no resolver knows names --host', () =>
    refuses({ host: '999.1.1.1' }, 'LLHLS_INVALID_FLAG', /^--host 999\.1\.1\.1 is not an address/));

  it('an address of another machine names --host', () =>
    refuses(
      { host: '192.0.2.1' },
      'LLHLS_INVALID_FLAG',
      /^--host 192\.0\.2\.1 is not an address of this machine/,
    ));

  it('a port in use names --http-port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await refuses({ host: '127.0.0.1', port }, 'LLHLS_PORT_IN_USE', /--http-port/);
    } finally {
      taken.close();
    }
  });
});
