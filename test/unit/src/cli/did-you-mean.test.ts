import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean } from '../../../../src/cli/did-you-mean.js';

test('didYouMean: the closest within 3 edits and half the length typed, else nothing', () => {
  const commands = ['clock', 'compare', 'demo', 'measure', 'proxy', 'report', 'serve'];
  assert.equal(didYouMean('mesure', commands), 'measure');
  assert.equal(didYouMean('reprot', commands), 'report');
  assert.equal(didYouMean('serv', commands), 'serve');
  assert.equal(didYouMean('xyz', commands), undefined);
  assert.equal(didYouMean('bogus', ['out', 'png', 'json']), undefined);
  assert.equal(didYouMean('part-duratoin', ['part-duration', 'segment-duration']), 'part-duration');
  assert.equal(didYouMean('anything', []), undefined);
});
