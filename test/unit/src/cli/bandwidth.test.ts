import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBandwidth, parseBandwidth } from '../../../../src/cli/bandwidth.js';
import { formatPercentage, parsePercentage } from '../../../../src/cli/percentage.js';
import { LlhlsError } from '../../../../src/errors.js';

const rejects = (fn: () => unknown, ...needles: string[]) =>
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LlhlsError && error.code === 'LLHLS_INVALID_FLAG', String(error));
    for (const needle of needles)
      assert.ok(error.message.includes(needle), `${error.message} lacks ${needle}`);
    assert.ok(!error.message.includes('\n'));
    return true;
  });

describe('parseBandwidth', () => {
  it('reads bits per second in decimal units, as tc and link speeds count', () => {
    assert.equal(parseBandwidth('2mbit', '--bandwidth'), 2_000_000);
    assert.equal(parseBandwidth('500kbit', '--bandwidth'), 500_000);
    assert.equal(parseBandwidth('1.5gbit', '--bandwidth'), 1_500_000_000);
    assert.equal(parseBandwidth('800bit', '--bandwidth'), 800);
    assert.equal(parseBandwidth('2Mbit/s', '--bandwidth'), 2_000_000);
    assert.equal(parseBandwidth(' 0.5 MBIT ', '--bandwidth'), 500_000);
  });

  it('reads 0 as a link that passes nothing and unlimited as no limit', () => {
    assert.equal(parseBandwidth('0', '--bandwidth'), 0);
    assert.equal(parseBandwidth('unlimited', '--bandwidth'), null);
  });

  it('refuses units that are bits to some and bytes to others, saying what to write', () => {
    rejects(() => parseBandwidth('2mbps', '--bandwidth'), '--bandwidth', "'2mbps'", '2mbit');
    rejects(() => parseBandwidth('500kbps', '--upload'), '--upload', '500kbit');
    rejects(() => parseBandwidth('1MB/s', '--bandwidth'), '1mbit');
  });

  it('refuses a bare number, a negative, garbage and less than 1 bit/s', () => {
    for (const bad of ['2', '-1mbit', 'fast', '', '0.0001bit', '2 mbit s']) {
      rejects(() => parseBandwidth(bad, '--bandwidth'), '--bandwidth', `'${bad}'`);
    }
  });

  it('writes rates back in the grammar', () => {
    assert.equal(formatBandwidth(2_000_000), '2mbit');
    assert.equal(formatBandwidth(1_228_800), '1.229mbit');
    assert.equal(formatBandwidth(500_000), '500kbit');
    assert.equal(formatBandwidth(0), '0');
    assert.equal(formatBandwidth(null), 'unlimited');
    for (const text of ['2mbit', '500kbit', '1.5gbit', '800bit']) {
      assert.equal(formatBandwidth(parseBandwidth(text, '--x')), text);
    }
  });
});

describe('parsePercentage', () => {
  it('reads a percentage into a fraction', () => {
    assert.equal(parsePercentage('1%', '--loss'), 0.01);
    assert.equal(parsePercentage('0.5%', '--loss'), 0.005);
    assert.equal(parsePercentage('100%', '--loss'), 1);
    assert.equal(parsePercentage('0%', '--loss'), 0);
    assert.equal(formatPercentage(0.005), '0.5%');
  });

  it('needs the % sign and stays within 0-100%', () => {
    for (const bad of ['1', '0.01', '101%', '-1%', 'x%', ''])
      rejects(() => parsePercentage(bad, '--loss'), '--loss');
  });
});
