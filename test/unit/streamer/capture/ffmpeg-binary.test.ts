import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LlhlsErrorCode } from '../../../../src/errors.js';
import { resolveFfmpeg } from '../../../../streamer/capture/ffmpeg-binary.js';

const root = mkdtempSync(join(tmpdir(), 'llhls-ffbin-'));
after(() => rmSync(root, { recursive: true, force: true }));

const exe = (dir: string, name: string): string => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
};
const flagDir = join(root, 'flag');
const flagFfmpeg = exe(flagDir, 'ffmpeg');
const flagProbe = exe(flagDir, 'ffprobe');
const envFfmpeg = exe(join(root, 'env'), 'ffmpeg');
const staticFfmpeg = exe(join(root, 'static'), 'ffmpeg');
const pathDir = join(root, 'path');
const pathFfmpeg = exe(pathDir, 'ffmpeg');
const pathProbe = exe(pathDir, 'ffprobe');
const none = async (): Promise<string | null> => null;

test('--ffmpeg wins, then LLHLS_FFMPEG, with ffprobe taken from beside it', async () => {
  const env = { LLHLS_FFMPEG: envFfmpeg, PATH: pathDir };
  assert.deepEqual(await resolveFfmpeg({ flag: flagFfmpeg, env, loadStatic: none }), {
    ffmpeg: flagFfmpeg,
    ffprobe: flagProbe,
    from: 'flag',
  });
  // No ffprobe beside the env binary: the one on PATH.
  assert.deepEqual(await resolveFfmpeg({ env, loadStatic: none }), {
    ffmpeg: envFfmpeg,
    ffprobe: pathProbe,
    from: 'env',
  });
});

test('then the optional ffmpeg-static package, then PATH', async () => {
  const env = { PATH: pathDir };
  const fromStatic = await resolveFfmpeg({ env, loadStatic: async () => staticFfmpeg });
  assert.equal(fromStatic.ffmpeg, staticFfmpeg);
  assert.equal(fromStatic.from, 'ffmpeg-static');
  // ffmpeg-static present but its download failed (path does not exist): fall through to PATH.
  const fallback = await resolveFfmpeg({ env, loadStatic: async () => join(root, 'missing', 'ffmpeg') });
  assert.deepEqual(fallback, { ffmpeg: pathFfmpeg, ffprobe: pathProbe, from: 'path' });
});

test('nothing found, or a bad explicit path: one LlhlsError that says how to install', async () => {
  await assert.rejects(
    resolveFfmpeg({ env: { PATH: join(root, 'empty') }, loadStatic: none }),
    (error: unknown) => {
      assert.equal((error as { code: string }).code, LlhlsErrorCode.FfmpegNotFound);
      assert.match((error as Error).message, /sudo apt-get install ffmpeg/);
      assert.match((error as Error).message, /--ffmpeg PATH or LLHLS_FFMPEG/);
      return true;
    },
  );
  await assert.rejects(
    resolveFfmpeg({ flag: join(root, 'nope'), env: { PATH: pathDir }, loadStatic: none }),
    /--ffmpeg .*nope is not an executable file/,
  );
});

test('the default loader tolerates ffmpeg-static being absent and finds the system FFmpeg', async () => {
  const found = await resolveFfmpeg({ env: { PATH: '/usr/bin:/bin' } });
  assert.ok(found.from === 'ffmpeg-static' || found.ffmpeg === '/usr/bin/ffmpeg', JSON.stringify(found));
});
