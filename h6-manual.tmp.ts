import { spawn } from 'node:child_process';
import { startTestServe } from './test/helpers/serve.ts';
const s = await startTestServe();
try {
  const child = spawn(process.execPath, ['bin/run.js', 'measure', '--url', s.url, '--duration', '15s', '--warmup', '5s', '--out', '/tmp/h6-run-serve', '--client', process.argv[2] ?? 'node'], { stdio: 'inherit' });
  const code = await new Promise((r) => child.on('close', r));
  console.log('code', code);
} finally { await s.close(); }
