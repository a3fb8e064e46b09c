import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServerHealth, shortError } from '../../../../src/client/server-health.js';

describe('ServerHealth', () => {
  it('an outage runs from the first failure after an answer to the next answer', () => {
    const h = new ServerHealth();
    h.onResult(1000, 200, null, null);
    assert.equal(h.silentMs(1500), 0);
    h.onResult(2000, 0, 'connection', 'UND_ERR_SOCKET other side closed');
    h.onResult(2100, 0, 'connection', 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1');
    h.onResult(2300, 0, 'connection', 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1');
    // A timeout or an aborted request says nothing either way; a 503 is an answer.
    h.onResult(2400, 0, 'timeout', 'UND_ERR_HEADERS_TIMEOUT');
    h.onResult(2450, 0, 'aborted', 'UND_ERR_ABORTED');
    assert.equal(h.silentMs(4000), 2000);
    assert.deepEqual(h.current, {
      from: 2000,
      to: null,
      failures: 3,
      errors: ['UND_ERR_SOCKET', 'ECONNREFUSED'],
    });
    h.onResult(5000, 503, null, null);
    assert.equal(h.current, null);
    assert.equal(h.silentMs(6000), 0);
    assert.equal(h.lastAnswerAt, 5000);
    const ended = h.ended();
    assert.deepEqual([ended.count, ended.totalMs, ended.outages[0]?.to], [1, 3000, 5000]);
  });

  it('counts every outage, keeps the first few in detail', () => {
    const h = new ServerHealth();
    for (let i = 0; i < 40; i += 1) {
      h.onResult(i * 100, 0, 'connection', 'ECONNRESET');
      h.onResult(i * 100 + 10, 200, null, null);
    }
    const ended = h.ended();
    assert.equal(ended.count, 40);
    assert.equal(ended.outages.length, 16);
    assert.equal(ended.totalMs, 400);
  });

  it('shortens an error to its code', () => {
    assert.equal(shortError('ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9'), 'ECONNREFUSED');
    assert.equal(shortError('TypeError: fetch failed'), 'TypeError: fetch failed');
  });
});
