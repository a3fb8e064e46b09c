import { existsSync } from 'node:fs';
import { buildFfmpegArgs, MPEGTS_OUTPUT_ARGS } from '../../streamer/capture/ffmpeg-args.js';
import { frameCodeLayout } from '../../streamer/capture/frame-code.js';
import { DEFAULT_FONT } from '../../streamer/streamer.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';

/**
 * What a `command:` may leave to compare, written `{name}`:
 * - `{port}`: a free TCP port on 127.0.0.1 for its server (also in `url:`);
 * - `{dir}`: a new empty directory for its files, removed afterwards;
 * - `{ffmpeg}`: the FFmpeg llhls serve runs;
 * - `{source}`: FFmpeg's input and encoder arguments of the comparison's test source, the very
 *   picture, clock and encoding `serve:` configurations get (put the output after it).
 * `${VAR}` stays the shell's.
 */
export const PLACEHOLDERS = ['port', 'dir', 'ffmpeg', 'source'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /(?<!\$)\{([A-Za-z][\w-]*)\}/g;

/**
 * @throws LlhlsError naming `where` and the placeholder that is not one
 */
export function checkPlaceholders(
  text: string,
  allowed: readonly string[] = PLACEHOLDERS,
  where = 'command',
): void {
  for (const match of text.matchAll(PATTERN)) {
    if (!allowed.includes(match[1]!)) {
      throw new LlhlsError(
        LlhlsErrorCode.Config,
        `${where}: {${match[1]}} is not a placeholder here (${allowed.length === 0 ? 'none are' : allowed.map((p) => `{${p}}`).join(', ')})`,
      );
    }
  }
}

/** Whether `text` uses `{name}`. */
export function uses(text: string, name: Placeholder): boolean {
  return [...text.matchAll(PATTERN)].some((m) => m[1] === name);
}

/** A word for `sh -c`: single-quoted unless plainly safe. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Fills the placeholders; in a command (`shell`), each value is one quoted word. Pure. */
export function fillPlaceholders(
  text: string,
  values: Partial<Record<Placeholder, string | string[]>>,
  shell: boolean,
): string {
  return text.replace(PATTERN, (whole, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) return whole;
    const words = Array.isArray(value) ? value : [value];
    return shell ? words.map(shellQuote).join(' ') : words.join(' ');
  });
}

/** The test source every configuration is measured on (serve's flags of the same names). */
export interface TestSource {
  width: number;
  height: number;
  frameRate: number;
  bitrateKbps: number;
  /** the keyframe interval: one per segment */
  segmentDuration: number;
}

/**
 * `{source}`: FFmpeg's arguments for the test source as `llhls serve --test-src` encodes it
 * (wall-clock timestamps, clock text, frame code, H.264 for latency), without the output, so a
 * command can hand the same picture to another muxer or packager.
 */
export function testSourceArgs(source: TestSource): string[] {
  const args = buildFfmpegArgs({
    input: { kind: 'test' },
    ...source,
    audio: false,
    fontFile: existsSync(DEFAULT_FONT) ? DEFAULT_FONT : null,
    frameCode: frameCodeLayout(source.width, source.height),
  });
  return args.slice(0, args.length - MPEGTS_OUTPUT_ARGS.length);
}
