import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { NO_IMPAIRMENT } from '../../../../src/proxy/impairment.js';
import { buildProxyOptions, parseListen } from '../../../../src/proxy/proxy-options.js';
import { parseTarget } from '../../../../src/proxy/target.js';

const FLAGS = { target: 'http://127.0.0.1:8080/playlist.m3u8', listen: '127.0.0.1:0', toxicity: '100%' };

const refuses = (fn: () => unknown, ...needles: string[]) =>
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LlhlsError && error.code === 'LLHLS_INVALID_FLAG', String(error));
    for (const needle of needles)
      assert.ok(error.message.includes(needle), `'${error.message}' lacks '${needle}'`);
    return true;
  });

describe('buildProxyOptions', () => {
  it('is transparent with no impairment flag', () => {
    const options = buildProxyOptions(FLAGS);
    assert.deepEqual(options.impairment, NO_IMPAIRMENT);
    assert.equal(options.profile, null);
    assert.deepEqual(options.listen, { host: '127.0.0.1', port: 0 });
  });

  it('reads every impairment flag in the grammars: durations, rates, percentages', () => {
    const options = buildProxyOptions({
      ...FLAGS,
      latency: '50ms',
      jitter: '10ms',
      bandwidth: '2mbit',
      upload: '500kbit',
      loss: '1%',
      'slow-close': '2s',
      timeout: '0',
      'reset-peer': '1.5s',
      slicer: 100,
      'slicer-variation': 20,
      'slicer-delay': '1ms',
      toxicity: '10%',
      seed: 42,
    });
    const hit = { toxicity: 0.1, stream: 'downstream' };
    assert.deepEqual(options.impairment, {
      latencyMs: 50,
      jitterMs: 10,
      downBitsPerSecond: 2e6,
      upBitsPerSecond: 500_000,
      loss: 0.01,
      slowClose: { ...hit, delayMs: 2000 },
      timeout: { ...hit, timeoutMs: 0 },
      resetPeer: { ...hit, timeoutMs: 1500 },
      slicer: { ...hit, averageSize: 100, sizeVariation: 20, delayMs: 1 },
    });
    assert.equal(options.seed, 42);
  });

  it('scales a built-in profile', () => {
    const options = buildProxyOptions({
      ...FLAGS,
      profile: 'spike',
      'profile-time-scale': '0.1',
      'profile-rate-scale': '2.5',
    });
    assert.deepEqual(
      options.profile?.steps.map((s) => [s.durationMs, s.impairment.downBitsPerSecond]),
      [
        [1000, 1200 * 1024 * 2.5],
        [1000, 300 * 1024 * 2.5],
        [1000, 800 * 1024 * 2.5],
      ],
    );
  });

  it('refuses bad values in one line naming the flag', () => {
    refuses(() => buildProxyOptions({ ...FLAGS, latency: '50 msec' }), '--latency', "'50 msec'");
    refuses(() => buildProxyOptions({ ...FLAGS, latency: '11m' }), '--latency', '10m');
    refuses(() => buildProxyOptions({ ...FLAGS, bandwidth: '2mbps' }), '--bandwidth', '2mbit');
    refuses(() => buildProxyOptions({ ...FLAGS, loss: '1' }), '--loss', '1%');
    refuses(() => buildProxyOptions({ ...FLAGS, toxicity: '200%' }), '--toxicity');
    refuses(() => buildProxyOptions({ ...FLAGS, slicer: 10, 'slicer-variation': 10 }), '--slicer-variation');
    refuses(
      () => buildProxyOptions({ ...FLAGS, profile: 'spike', 'profile-time-scale': '0' }),
      '--profile-time-scale',
    );
    refuses(() => buildProxyOptions({ ...FLAGS, profile: 'jittery' }), '--profile', 'slow-jitters');
    refuses(() => buildProxyOptions({ ...FLAGS, target: 'ftp://x:21/' }), '--target', 'ftp:');
    refuses(() => buildProxyOptions({ ...FLAGS, listen: 'localhost' }), '--listen', 'host:port');
  });
});

describe('parseListen and parseTarget', () => {
  it('reads host:port, [v6]:port and a port alone', () => {
    assert.deepEqual(parseListen('0.0.0.0:9000'), { host: '0.0.0.0', port: 9000 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(parseListen('8081'), { host: '127.0.0.1', port: 8081 });
    assert.deepEqual(parseListen(':8081'), { host: '127.0.0.1', port: 8081 });
    refuses(() => parseListen('1.2.3.4:70000'), '--listen');
  });

  it('reads URLs and host:port, and rewrites the URL to the proxy', () => {
    const t = parseTarget('http://127.0.0.1:8080/live/playlist.m3u8?x=1');
    assert.deepEqual([t.host, t.port, t.hostPort], ['127.0.0.1', 8080, '127.0.0.1:8080']);
    assert.equal(t.via('127.0.0.1:4000'), 'http://127.0.0.1:4000/live/playlist.m3u8?x=1');
    assert.equal(parseTarget('https://example.com/a.m3u8').port, 443);
    const v6 = parseTarget('http://[::1]:8080/p.m3u8');
    assert.deepEqual([v6.host, v6.hostPort], ['::1', '[::1]:8080']);
    assert.equal(v6.via('[::1]:5000'), 'http://[::1]:5000/p.m3u8');
    assert.equal(parseTarget('127.0.0.1:8443').via('127.0.0.1:1'), 'http://127.0.0.1:1/');
    refuses(() => parseTarget('127.0.0.1'), '--target', 'port');
    refuses(() => parseTarget('http://'), '--target');
  });
});
