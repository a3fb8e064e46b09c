/**
 * A negative (or otherwise out-of-range) impairment is refused wherever it comes from: llhls
 * proxy's flags, compare's network: keys, a profile, or a caller of the proxy library. Each is
 * one line naming the flag or key and its valid range, exit 2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFromText } from '../../../../src/compare/compare-file.js';
import { isLlhlsError } from '../../../../src/errors.js';
import { type Impairment, NO_IMPAIRMENT, ProxyStream } from '../../../../src/proxy/impairment.js';
import { checkImpairment } from '../../../../src/proxy/impairment-check.js';
import type { Profile } from '../../../../src/proxy/profile.js';
import { ImpairmentProxy } from '../../../../src/proxy/proxy.js';
import { buildProxyOptions, type ProxyFlags } from '../../../../src/proxy/proxy-options.js';

const TARGET = 'http://127.0.0.1:8080/playlist.m3u8';

/** One line, exit 2, matching `message`. */
function refused(message: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(isLlhlsError(error), String(error));
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/);
    assert.match(error.message, message);
    return true;
  };
}

const DURATION = '0ms to 10m';
const RATE = /must be 0 \(nothing passes\) or more, e\.g\. 2mbit, or unlimited/;

describe('llhls proxy flags', () => {
  const FLAGS: ProxyFlags = { target: TARGET, listen: '127.0.0.1:0', toxicity: '100%' };
  for (const [flags, message] of [
    [{ latency: '-50ms' }, new RegExp(`^--latency must be ${DURATION}; received '-50ms'$`)],
    [{ latency: '-0.05' }, new RegExp(`^--latency must be ${DURATION}; received '-0.05'$`)],
    [{ jitter: '-10ms' }, new RegExp(`^--jitter must be ${DURATION}; received '-10ms'$`)],
    [{ bandwidth: '-2mbit' }, /^--bandwidth must be 0 \(nothing passes\) or more.*; received '-2mbit'$/],
    [{ upload: '-500kbit' }, /^--upload must be 0 \(nothing passes\) or more.*; received '-500kbit'$/],
    [{ loss: '-1%' }, /^--loss expects a percentage from 0% to 100%.*; received '-1%'$/],
    [{ 'slow-close': '-2s' }, new RegExp(`^--slow-close must be ${DURATION}; received '-2s'$`)],
    [{ timeout: '-1s' }, new RegExp(`^--timeout must be ${DURATION}; received '-1s'$`)],
    [{ 'reset-peer': '-1s' }, new RegExp(`^--reset-peer must be ${DURATION}; received '-1s'$`)],
    [{ slicer: 100, 'slicer-delay': '-1ms' }, new RegExp(`^--slicer-delay must be ${DURATION}`)],
    [{ slicer: 100, 'slicer-variation': 100 }, /^--slicer-variation must be less than --slicer \(100\)/],
    [{ toxicity: '-5%', timeout: '1s' }, /^--toxicity expects a percentage from 0% to 100%/],
    [{ profile: 'cascade', 'profile-time-scale': '-1' }, /^--profile-time-scale expects a number above 0/],
    [{ profile: 'cascade', 'profile-rate-scale': '-2' }, /^--profile-rate-scale expects a number above 0/],
  ] as const) {
    it(`${JSON.stringify(flags)} is refused`, () => {
      assert.throws(() => buildProxyOptions({ ...FLAGS, ...flags }), refused(message));
    });
  }
});

describe('compare network: keys', () => {
  for (const [network, message] of [
    [
      '{ latency: -50ms }',
      new RegExp(`configurations\\.a\\.network\\.latency must be ${DURATION}; received '-50ms'$`),
    ],
    [
      '{ latency: -0.05 }',
      new RegExp(`configurations\\.a\\.network\\.latency must be ${DURATION}; received '-0.05'$`),
    ],
    ['{ jitter: -10ms }', new RegExp(`configurations\\.a\\.network\\.jitter must be ${DURATION}`)],
    ['{ bandwidth: -2mbit }', RATE],
    ['{ upload: -1mbit }', RATE],
    ['{ loss: -1% }', /configurations\.a\.network\.loss expects a percentage from 0% to 100%/],
    [
      '{ reset_peer: -1s }',
      new RegExp(`configurations\\.a\\.network\\.reset_peer\\.timeout must be ${DURATION}`),
    ],
    ['{ slicer: { average_size: 10, delay: -1ms } }', /network\.slicer\.delay must be 0ms to 10m/],
  ] as const) {
    it(`network: ${network} is refused, naming the key`, async () => {
      const text = `configurations:\n  a:\n    serve: {}\n    network: ${network}\n`;
      await assert.rejects(
        planFromText(text, 'c.yaml', {}),
        refused(new RegExp(`^c\\.yaml:4: .*${message.source}`)),
      );
    });
  }
});

describe('the proxy library', () => {
  const toxic = { toxicity: 1, stream: ProxyStream.Downstream };
  for (const [patch, message] of [
    [{ latencyMs: -50 }, /^latency must be 0ms to 10m; received -50ms$/],
    [{ jitterMs: -1 }, /^jitter must be 0ms to 10m; received -1ms$/],
    [{ latencyMs: Number.NaN }, /^latency must be 0ms to 10m; received NaNms$/],
    [
      { downBitsPerSecond: -2e6 },
      /^bandwidth must be 0 \(nothing passes\) or more.*; received -2000000 bit\/s$/,
    ],
    [{ upBitsPerSecond: -1 }, /^upload must be 0 \(nothing passes\)/],
    [{ loss: -0.01 }, /^loss must be 0% to 100%; received -1%$/],
    [{ loss: 1.5 }, /^loss must be 0% to 100%; received 150%$/],
    [{ slowClose: { ...toxic, delayMs: -1 } }, /^slow_close\.delay must be 0ms to 10m/],
    [{ timeout: { ...toxic, toxicity: -0.1, timeoutMs: 1 } }, /^timeout\.toxicity must be 0% to 100%/],
    [{ resetPeer: { ...toxic, timeoutMs: -5 } }, /^reset_peer\.timeout must be 0ms to 10m/],
    [
      { slicer: { ...toxic, averageSize: 0, sizeVariation: 0, delayMs: 0 } },
      /^slicer\.average_size must be a whole number of bytes, at least 1; received 0$/,
    ],
    [
      { slicer: { ...toxic, averageSize: 10, sizeVariation: -1, delayMs: 0 } },
      /^slicer\.size_variation must be a whole number of bytes from 0 to less than average_size \(10\)/,
    ],
  ] as const) {
    it(`${JSON.stringify(patch)} is refused by the proxy, setImpairment and a profile step`, () => {
      const impairment: Impairment = { ...NO_IMPAIRMENT, ...patch };
      assert.throws(() => checkImpairment(impairment), refused(message));
      assert.throws(() => new ImpairmentProxy({ target: TARGET, impairment }), refused(message));
      const proxy = new ImpairmentProxy({ target: TARGET });
      assert.throws(() => proxy.setImpairment(impairment), refused(message));
      const profile: Profile = {
        name: 'p',
        loop: false,
        source: 'test',
        steps: [{ durationMs: 1000, impairment: patch }],
      };
      const inProfile = new RegExp(`^profile p steps\\[0\\]\\.${message.source.slice(1)}`);
      assert.throws(() => proxy.setProfile(profile), refused(inProfile));
      assert.throws(() => new ImpairmentProxy({ target: TARGET, profile }), refused(inProfile));
    });
  }

  it('a profile step of no duration is refused; in-range impairments pass', () => {
    const proxy = new ImpairmentProxy({ target: TARGET });
    const profile: Profile = {
      name: 'p',
      loop: true,
      source: 'test',
      steps: [{ durationMs: 0, impairment: {} }],
    };
    assert.throws(
      () => proxy.setProfile(profile),
      refused(/^profile p steps\[0\]\.duration must be above 0; received 0ms$/),
    );
    checkImpairment({ ...NO_IMPAIRMENT, latencyMs: 0, downBitsPerSecond: 0, loss: 1 });
    checkImpairment({ ...NO_IMPAIRMENT, latencyMs: 600_000, jitterMs: 10, downBitsPerSecond: null });
  });
});
