#!/usr/bin/env node
// Runs Node's built-in test runner over every *.test.ts under the given folders (default: test/),
// with tsx as the loader. Node 20's --test has no glob support, so the files are listed here.
import { spawn } from 'node:child_process';
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
// Unit and spec files run two at a time (none is timing-sensitive: they passed at a load average
// of 15-20); end-to-end files (real FFmpeg, Chromium, servers in real time) one at a time (two at a
// time, hls.js's 60 s no-stall test saw a 4 ms stall). The output streams through as TAP; at the
// end one closing summary adds up both groups, the lines CI reads.
const isE2e = (file) => file.split(/[\\/]/).includes('e2e');
const groups = [
  { files: files.filter((f) => !isE2e(f)), concurrency: 2 },
  { files: files.filter(isE2e), concurrency: 1 },
].filter((g) => g.files.length > 0);
const SUMMARY = /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/;
const totals = new Map();
let status = 0;
for (const group of groups) {
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${group.concurrency}`,
        '--test-reporter=tap',
        ...passThrough,
        ...group.files,
      ],
      { stdio: ['inherit', 'pipe', 'inherit'] },
    );
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = SUMMARY.exec(line);
        if (m !== null) totals.set(m[1], (totals.get(m[1]) ?? 0) + Number(m[2]));
      }
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) status = code;
}
if (groups.length > 1) {
  process.stdout.write(`# all ${files.length} files, unit and spec then end-to-end:\n`);
  for (const [key, value] of totals)
    process.stdout.write(`# ${key} ${key === 'duration_ms' ? value.toFixed(0) : value}\n`);
}
process.exit(status);
