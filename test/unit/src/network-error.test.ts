import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { errors, request } from 'undici';
import { classifyNetworkError, errorCode, isNoAnswer } from '../../../src/network-error.js';

const codeError = (code: string): Error => Object.assign(new Error(code), { code });

describe('classifyNetworkError', () => {
  it('sorts error codes into connection, timeout, tls, aborted and other', () => {
    const table: Array<[unknown, string]> = [
      [codeError('ECONNREFUSED'), 'connection'],
      [codeError('ECONNRESET'), 'connection'],
      [new errors.SocketError('other side closed'), 'connection'],
      [new errors.ConnectTimeoutError(), 'connection'],
      [new errors.HeadersTimeoutError(), 'timeout'],
      [new errors.BodyTimeoutError(), 'timeout'],
      [codeError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
      [codeError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
      [codeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls'],
      [new errors.RequestAbortedError(), 'aborted'],
      [new DOMException('stop', 'AbortError'), 'aborted'],
      [new TypeError('fetch failed', { cause: codeError('ECONNREFUSED') }), 'connection'],
      [new Error('no code'), 'other'],
      ['a string', 'other'],
    ];
    for (const [error, kind] of table) assert.equal(classifyNetworkError(error), kind, String(error));
    assert.equal(isNoAnswer('connection'), true);
    assert.equal(isNoAnswer('tls'), true);
    assert.equal(isNoAnswer('timeout'), false);
    assert.equal(errorCode(new Error('x', { cause: codeError('EPIPE') })), 'EPIPE');
  });

  it('classifies what undici really throws for a refused connection', async () => {
    // A port nobody listens on: bind one, close it, then ask.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await request(`http://127.0.0.1:${port}/`).then(
      () => null,
      (e: unknown) => e,
    );
    assert.equal(classifyNetworkError(error), 'connection', String(error));
  });
});
