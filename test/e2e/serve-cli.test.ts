import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// The real CLI: `node bin/run.js serve` from the compiled output (npm test builds first; this
// builds only when dist/ is missing or older than the command).
const newestSource = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
const built = (): boolean =>
  existsSync('dist/commands/serve.js') &&
  statSync('dist/commands/serve.js').mtimeMs >=
    Math.max(statSync('commands/serve.ts').mtimeMs, newestSource('streamer'));
if (!built()) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });

test('llhls serve starts, serves the playlist, and exits 0 on SIGINT with FFmpeg gone', async () => {
  const child = spawn(
    process.execPath,
    [
      'bin/run.js',
      'serve',
      '--test-src',
      '--resolution',
      '640x360',
      '--http-port',
      '0',
      '--status-interval',
      '0',
    ],
    // Its own process group, so SIGINT can go to the whole group as a terminal's Ctrl-C does.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout} ${stderr}`)), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      const match = /LL-HLS playlist\s+(\S+)/.exec(stdout);
      if (match !== null && stdout.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  assert.match(stdout, /player\s+http:\/\/127\.0\.0\.1:\d+\/player\?src=/);
  assert.match(stdout, /timestamps\s+http:\/\/127\.0\.0\.1:\d+\/timestamps\.json/);
  // Block until the first part exists (the CLI may print before FFmpeg's first frame).
  const playlist = await fetch(`${url}?_HLS_msn=0&_HLS_part=0`);
  assert.equal(playlist.status, 200);
  assert.match(await playlist.text(), /#EXT-X-PART:DURATION=/);
  const ffmpegPids = spawnSync('pgrep', ['-P', String(child.pid), 'ffmpeg'])
    .stdout.toString()
    .trim()
    .split('\n')
    .filter(Boolean);
  assert.equal(ffmpegPids.length, 1, 'one FFmpeg child');
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGINT');
  assert.equal(await exit, 0, stderr);
  assert.doesNotMatch(stderr, /FFmpeg exited/, 'Ctrl-C is a shutdown, not a crash to restart');
  for (const pid of ffmpegPids)
    assert.throws(() => process.kill(Number(pid), 0), /ESRCH/, 'FFmpeg was stopped');
});

test('a missing device is a one-line error and a non-zero exit, and nothing listens', () => {
  const result = spawnSync(
    process.execPath,
    ['bin/run.js', 'serve', '--device', '/dev/video-llhls-missing', '--http-port', '0'],
    {
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  assert.notEqual(result.status, 0);
  const lines = result.stderr.split('\n').filter((l) => l.startsWith('llhls:'));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /video device \/dev\/video-llhls-missing not found/);
  assert.doesNotMatch(result.stdout, /LL-HLS playlist/);
});
