import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compare, parseAssertion } from '../../../../reports/verdict/assertion.js';

const parse = (text: string) => parseAssertion(text, 'error', '--assert');

describe("parseAssertion (k6's threshold syntax)", () => {
  it('reads the forms the issue names', () => {
    assert.deepEqual(parse('capture_to_display: p(95)<500ms'), {
      text: 'capture_to_display: p(95)<500ms',
      level: 'error',
      client: null,
      subject: 'capture_to_display',
      aggregation: { kind: 'percentile', p: 95 },
      op: '<',
      limit: 500,
      unit: 'ms',
    });
    const stalls = parse('browser.stalls: count==0');
    assert.equal(stalls.client, 'browser');
    assert.deepEqual(
      [stalls.subject, stalls.aggregation, stalls.op, stalls.limit, stalls.unit],
      ['stalls', { kind: 'count' }, '==', 0, 'count'],
    );
    const findings = parse('findings: failed==0');
    assert.deepEqual(
      [findings.subject, findings.aggregation.kind, findings.limit],
      ['findings', 'failed', 0],
    );
  });

  it('takes the CLI duration grammar for limits, k6 aggregations and operators', () => {
    assert.equal(parse('capture_to_last_byte: p(99.9) <= 1.5s').limit, 1500);
    assert.deepEqual(parse('node.capture_to_last_byte: med>=1m30s').aggregation, {
      kind: 'percentile',
      p: 50,
    });
    assert.equal(parse('capture_to_last_byte: med>=1m30s').limit, 90_000);
    assert.equal(parse('delivery: avg!=250ms').op, '!=');
    assert.equal(parse('delivery: max===250ms').op, '==');
    assert.equal(parse('browser.stalls: longest<200ms').unit, 'ms');
    assert.equal(parse('capture_to_display: count>100').unit, 'count');
  });

  it('refuses what it cannot read, naming the fix', () => {
    const cases: Array<[string, RegExp]> = [
      ['capture_to_display: p(95)<500', /give the limit a unit: 500ms or 500s/],
      ['capture_to_dispaly: p(95)<500ms', /unknown metric 'capture_to_dispaly'/],
      ['tv.capture_to_display: p(95)<500ms', /unknown client 'tv'/],
      ['capture_to_display: p(0)<500ms', /above 0 and at most 100/],
      ['capture_to_display: total<500ms', /'total' is not an aggregation of capture_to_display/],
      ['stalls: p(95)<1s', /'p\(95\)' is not an aggregation of stalls: count, total, longest/],
      ['node.findings: failed==0', /drop the client prefix/],
      ['stalls: count<1.5', /whole number/],
      ['p95 < 500ms', /expected '\[client\.\]metric: aggregation op limit'/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parse(text),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'LLHLS_INVALID_FLAG');
          assert.match(e.message, message);
          assert.match(e.message, /^--assert '/);
          return true;
        },
      );
    }
  });

  it('compares as written', () => {
    assert.equal(compare(499, '<', 500), true);
    assert.equal(compare(500, '<', 500), false);
    assert.equal(compare(500, '<=', 500), true);
    assert.equal(compare(0, '==', 0), true);
    assert.equal(compare(1, '!=', 0), true);
    assert.equal(compare(2, '>=', 3), false);
  });
});
