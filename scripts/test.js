#!/usr/bin/env node
// Runs Node's built-in test runner over every *.test.ts under the given folders (default: test/),
// with tsx as the loader. Node 20's --test has no glob support, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures') walk(path);
    } else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots.length > 0 ? roots : ['test']) {
  if (statSync(root).isDirectory()) walk(root);
  else files.push(root);
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
