import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countFindings, findingCountsText } from '../../../../src/run/finding-counts.js';
import type { Finding } from '../../../../src/run/types.js';

const finding = (status: Finding['status']): Finding => ({
  id: status,
  title: status,
  status,
  spec: null,
  checked: status === 'skip' ? 0 : 3,
  failed: status === 'fail' ? 1 : 0,
  examples: [],
});

test('findings are counted by status, skipped ones as not applicable, never as passes', () => {
  const list = [...Array(4)].map(() => finding('pass')).concat([...Array(9)].map(() => finding('skip')));
  const counts = countFindings(list);
  assert.deepEqual(counts, { pass: 4, fail: 0, warn: 0, skip: 9, total: 13 });
  assert.equal(findingCountsText(counts), '4 pass, 9 not applicable');
  assert.equal(
    findingCountsText(countFindings([finding('fail'), finding('warn'), finding('pass')])),
    '1 pass, 1 fail, 1 warn',
  );
  assert.equal(findingCountsText(countFindings([])), 'no protocol checks');
});
