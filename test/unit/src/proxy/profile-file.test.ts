import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LlhlsError } from '../../../../src/errors.js';
import { parseProfileText, readProfileFile, resolveProfile } from '../../../../src/proxy/profile-file.js';

/** Asserts one line naming every needle, with the given code. */
const failsWith = (fn: () => unknown, code: string, ...needles: string[]) =>
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LlhlsError, String(error));
    assert.equal(error.code, code, error.message);
    for (const needle of needles)
      assert.ok(error.message.includes(needle), `'${error.message}' lacks '${needle}'`);
    assert.ok(!error.message.includes('\n'), error.message);
    return true;
  });

const OUTAGE_YAML = `# an outage in the middle of a 3 Mbit/s line
name: outage
latency: 40ms          # under every step
jitter: 0.005          # a bare number is seconds, as everywhere in the CLI
x-fast: &fast
  bandwidth: 3mbit
steps:
  - duration: 20s
    <<: *fast
  - { duration: 2s, bandwidth: 0 }
  - duration: 1m
    bandwidth: 1mbit
    upload: 256kbit
    latency: 150ms
    loss: 2%
    reset_peer: { timeout: 1s, toxicity: 10% }
    timeout: 0
    slow_close: 500ms
    slicer: { average_size: 200, size_variation: 50, delay: 1ms, stream: upstream }
`;

describe('parseProfileText', () => {
  it('reads YAML with comments, anchors, merge keys, flow mappings and top-level fields under every step', () => {
    const profile = parseProfileText(OUTAGE_YAML, 'outage.yaml');
    assert.equal(profile.name, 'outage');
    assert.equal(profile.loop, true);
    assert.equal(profile.source, 'outage.yaml');
    assert.deepEqual(
      profile.steps.map((s) => s.durationMs),
      [20_000, 2000, 60_000],
    );
    assert.deepEqual(profile.steps[0]?.impairment, { latencyMs: 40, jitterMs: 5, downBitsPerSecond: 3e6 });
    assert.deepEqual(profile.steps[1]?.impairment, { latencyMs: 40, jitterMs: 5, downBitsPerSecond: 0 });
    assert.deepEqual(profile.steps[2]?.impairment, {
      latencyMs: 150,
      jitterMs: 5,
      downBitsPerSecond: 1e6,
      upBitsPerSecond: 256_000,
      loss: 0.02,
      slowClose: { toxicity: 1, stream: 'downstream', delayMs: 500 },
      timeout: { toxicity: 1, stream: 'downstream', timeoutMs: 0 },
      resetPeer: { toxicity: 0.1, stream: 'downstream', timeoutMs: 1000 },
      slicer: { toxicity: 1, stream: 'upstream', averageSize: 200, sizeVariation: 50, delayMs: 1 },
    });
  });

  it('reads JSON as another tool writes it (CRLF, tabs, a byte-order mark), with loop false', () => {
    const json = `\uFEFF${JSON.stringify(
      {
        loop: false,
        steps: [
          { duration: 0.25, bandwidth: '500kbit' },
          { duration: '5s', bandwidth: 'unlimited', reset_peer: null },
        ],
      },
      null,
      '\t',
    ).replaceAll('\n', '\r\n')}`;
    const profile = parseProfileText(json, '/tmp/fast.json');
    assert.equal(profile.name, 'fast');
    assert.equal(profile.loop, false);
    assert.deepEqual(profile.steps, [
      { durationMs: 250, impairment: { downBitsPerSecond: 500_000 } },
      { durationMs: 5000, impairment: { downBitsPerSecond: null, resetPeer: null } },
    ]);
  });

  it('names the file and key of a bad value, with what it expects', () => {
    const step = (fields: string): string => `steps:\n  - duration: 1s\n  - duration: 2s\n    ${fields}\n`;
    const code = 'LLHLS_PROFILE_FILE';
    failsWith(
      () => parseProfileText(step('bandwidth: 2 mbps'), 'p.yaml'),
      code,
      'p.yaml: steps[1].bandwidth',
      "'2 mbps'",
      '2mbit',
    );
    failsWith(
      () => parseProfileText(step('bandwidth: 2000'), 'p.yaml'),
      code,
      'steps[1].bandwidth',
      "'2000'",
    );
    failsWith(() => parseProfileText(step('latency: 50 ms'), 'p.yaml'), code, 'steps[1].latency', '250ms');
    failsWith(() => parseProfileText(step('loss: 0.01'), 'p.yaml'), code, 'steps[1].loss', '1%');
    failsWith(
      () => parseProfileText(step('bandwith: 2mbit'), 'p.yaml'),
      code,
      'steps[1].bandwith is not a key',
      'bandwidth',
    );
    failsWith(
      () => parseProfileText(step('reset_peer: { timeout: 1s, toxicty: 5% }'), 'p.yaml'),
      code,
      'steps[1].reset_peer.toxicty',
    );
    failsWith(
      () => parseProfileText(step('slicer: { average_size: 10, size_variation: 10 }'), 'p.yaml'),
      code,
      'size_variation',
      'less than',
    );
    failsWith(
      () => parseProfileText(step('timeout: { timeout: 1s, stream: sideways }'), 'p.yaml'),
      code,
      'timeout.stream',
      'upstream',
    );
    failsWith(
      () => parseProfileText(step('slow_close: { toxicity: 5% }'), 'p.yaml'),
      code,
      'slow_close.delay is missing',
    );
    failsWith(
      () => parseProfileText('steps:\n  - bandwidth: 1mbit\n', 'p.yaml'),
      code,
      'steps[0].duration is missing',
    );
    failsWith(() => parseProfileText('steps:\n  - duration: 0\n', 'p.yaml'), code, 'steps[0].duration');
    failsWith(() => parseProfileText('steps: []\n', 'p.yaml'), code, 'p.yaml.steps');
    failsWith(() => parseProfileText('loop: sometimes\nsteps: [{duration: 1}]\n', 'p.yaml'), code, 'loop');
    failsWith(() => parseProfileText('- just\n- a list\n', 'p.yaml'), code, "'steps'");
    failsWith(() => parseProfileText('steps:\n\t- duration: 1s\n', 'p.yaml'), code, 'p.yaml: not valid YAML');
    failsWith(() => parseProfileText('{"steps": [', 'p.json'), code, 'p.json: not valid YAML or JSON');
  });
});

describe('readProfileFile and resolveProfile', () => {
  it('reads a file; a built-in by any of its spellings; refuses the rest in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llhls-profile-'));
    const file = join(dir, 'outage.yaml');
    writeFileSync(file, OUTAGE_YAML);
    assert.equal(readProfileFile(file).steps.length, 3);
    assert.equal(resolveProfile(file).name, 'outage');
    for (const name of ['cascade', 'slow_jitters', 'PROFILE_SLOW_JITTERS', 'Fast-Jitters']) {
      assert.ok(resolveProfile(name).source.startsWith('ACM MMSys 2020'), name);
    }
    failsWith(
      () => resolveProfile('cascad'),
      'LLHLS_INVALID_FLAG',
      '--profile',
      'cascade, intra-cascade',
      "'cascad'",
    );
    failsWith(
      () => resolveProfile(join(dir, 'missing.yaml')),
      'LLHLS_PROFILE_FILE',
      'missing.yaml cannot be read (ENOENT)',
    );
  });
});
