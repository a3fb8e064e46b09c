import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTransfer } from '../../../../src/client/transfer.js';

describe('classifyTransfer', () => {
  it('one burst is whole, bytes spread over more than a frame interval are chunked', () => {
    assert.equal(classifyTransfer(100, 100.4, 3), 'whole');
    assert.equal(classifyTransfer(100, 100, 1), 'whole');
    assert.equal(classifyTransfer(100, 150, 3), 'chunked');
    assert.equal(classifyTransfer(100, 120, 3, 10), 'chunked');
    assert.equal(classifyTransfer(null, null, 0), 'unknown');
  });
});
