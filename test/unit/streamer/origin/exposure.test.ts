import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exposureWarning } from '../../../../streamer/origin/exposure.js';

describe("serve's --host warning (exposureWarning)", () => {
  it('warns that the origin is reachable from the network, naming the host and the fix', () => {
    assert.equal(
      exposureWarning('0.0.0.0'),
      'the origin listens on 0.0.0.0: anyone who can reach this machine over the network can fetch the stream (use --host 127.0.0.1 to keep it local)',
    );
    assert.match(exposureWarning('::') ?? '', /^the origin listens on ::: anyone who can reach/);
  });

  it('says nothing on loopback', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) assert.equal(exposureWarning(host), null, host);
  });
});
