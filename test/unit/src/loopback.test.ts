import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback } from '../../../src/loopback.js';

describe('isLoopback', () => {
  it('127.0.0.0/8, ::1, IPv4-mapped loopback and localhost only', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      'localhost',
      'LocalHost ',
    ])
      assert.equal(isLoopback(host), true, host);
    for (const host of [
      '0.0.0.0',
      '::',
      '[::]',
      '192.168.1.2',
      '::ffff:10.0.0.1',
      'example.com',
      '127.example.com',
    ])
      assert.equal(isLoopback(host), false, host);
  });
});
