import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';

/** The FFmpeg (and, when found beside it, FFprobe) executables to run. */
export interface FfmpegBinaries {
  ffmpeg: string;
  /** null when no ffprobe sits beside the ffmpeg found (ffmpeg-static ships none). */
  ffprobe: string | null;
  /** Where the ffmpeg path came from, for the status line and error messages. */
  from: 'flag' | 'env' | 'ffmpeg-static' | 'path';
}

export interface ResolveFfmpegOptions {
  /** `--ffmpeg PATH`. */
  flag?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Loads the optional `ffmpeg-static` package (its default export is the binary path). Injected
   *  in tests; by default a dynamic import that tolerates the package being absent. */
  loadStatic?: () => Promise<string | null>;
}

const INSTALL_HINT =
  'install it with `sudo apt-get install ffmpeg`, or point llhls at a binary with --ffmpeg PATH or LLHLS_FFMPEG=PATH';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (name: string, env: NodeJS.ProcessEnv): string | null => {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
};

async function loadFfmpegStatic(): Promise<string | null> {
  try {
    // Optional dependency: its postinstall download may have failed, or it may not be installed.
    const name = 'ffmpeg-static';
    const mod = (await import(name)) as { default?: unknown };
    return typeof mod.default === 'string' ? mod.default : null;
  } catch {
    return null;
  }
}

const besides = (ffmpeg: string, env: NodeJS.ProcessEnv): string | null => {
  const sibling = join(dirname(ffmpeg), 'ffprobe');
  if (isExecutable(sibling)) return sibling;
  return onPath('ffprobe', env);
};

/**
 * Finds FFmpeg: `--ffmpeg PATH`, then `LLHLS_FFMPEG`, then the optional `ffmpeg-static` package,
 * then `ffmpeg` on PATH. FFprobe: beside the chosen ffmpeg, else on PATH.
 * @throws LlhlsError FfmpegNotFound when an explicit path is not executable or nothing is found
 */
export async function resolveFfmpeg(options: ResolveFfmpegOptions = {}): Promise<FfmpegBinaries> {
  const env = options.env ?? process.env;
  const explicit: [string | undefined, 'flag' | 'env', string][] = [
    [options.flag, 'flag', '--ffmpeg'],
    [env.LLHLS_FFMPEG, 'env', 'LLHLS_FFMPEG'],
  ];
  for (const [path, from, name] of explicit) {
    if (path === undefined || path === '') continue;
    if (!isExecutable(path)) {
      throw new LlhlsError(
        LlhlsErrorCode.FfmpegNotFound,
        `${name} ${path} is not an executable file; ${INSTALL_HINT}`,
      );
    }
    return { ffmpeg: path, ffprobe: besides(path, env), from };
  }
  const staticPath = await (options.loadStatic ?? loadFfmpegStatic)();
  if (staticPath !== null && isExecutable(staticPath)) {
    return { ffmpeg: staticPath, ffprobe: besides(staticPath, env), from: 'ffmpeg-static' };
  }
  const found = onPath('ffmpeg', env);
  if (found !== null) return { ffmpeg: found, ffprobe: besides(found, env), from: 'path' };
  throw new LlhlsError(LlhlsErrorCode.FfmpegNotFound, `FFmpeg not found; ${INSTALL_HINT}`);
}
