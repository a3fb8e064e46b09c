import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLlhlsError } from '../../../src/errors.js';
import { makePackager } from '../../unit/streamer/packager/synthetic-stream.js';
import { spec } from './spec-stream.js';

// RFC 8216bis 4.4.3.7 EXT-X-PART-INF and 4.4.3.8 EXT-X-SERVER-CONTROL.
describe('4.4.3.7 EXT-X-PART-INF / 4.4.3.8 EXT-X-SERVER-CONTROL', () => {
  const { versions } = spec();
  const controls = versions.map((v) => /^#EXT-X-SERVER-CONTROL:(.*)$/m.exec(v.text)?.[1]);
  const partInfs = versions.map((v) => /^#EXT-X-PART-INF:(.*)$/m.exec(v.text)?.[1]);

  it('"[EXT-X-PART-INF] is REQUIRED if a Playlist contains one or more EXT-X-PART tags"; PART-TARGET never changes', () => {
    for (const [i, v] of versions.entries()) {
      if (v.text.includes('#EXT-X-PART:')) assert.ok(partInfs[i] !== undefined);
    }
    assert.deepEqual([...new Set(partInfs)], ['PART-TARGET=0.10000']);
  });

  it('"PART-HOLD-BACK is REQUIRED if the Playlist contains the EXT-X-PART-INF tag"; SERVER-CONTROL never changes', () => {
    assert.deepEqual(
      [...new Set(controls)],
      ['CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.00000,PART-HOLD-BACK=0.30000,HOLD-BACK=3.00000'],
    );
  });

  it('"[PART-HOLD-BACK] MUST be at least twice the Part Target Duration": less is rejected, default 3x', () => {
    assert.throws(() => makePackager({ partHoldBack: 0.15 }), isLlhlsError);
    assert.equal(makePackager({ partHoldBack: 0.2 }).advertised?.partHoldBack, 0.2);
    assert.equal(makePackager().advertised?.partHoldBack, 0.3);
  });

  it('"[HOLD-BACK] MUST be at least three times the Target Duration"; "The Skip Boundary MUST be at least six times the Target Duration"', () => {
    for (const { manifest } of versions) {
      assert.ok(manifest.serverControl!.holdBack! >= 3 * manifest.targetDuration!);
      assert.ok(manifest.serverControl!.canSkipUntil! >= 6 * manifest.targetDuration!);
    }
  });
});
