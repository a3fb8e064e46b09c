import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import type { CaptureInput } from './ffmpeg-args.js';

/** Picks the most telling stderr line: the last one that reads like an error, else the last. */
export function telltaleLine(stderr: readonly string[]): string {
  const lines = stderr.map((l) => l.trim()).filter((l) => l !== '');
  const error = [...lines]
    .reverse()
    .find((l) => /error|no such|invalid|not found|denied|cannot|could not|failed|unknown/i.test(l));
  return error ?? lines.at(-1) ?? '(no output)';
}

/**
 * The one-line error for an FFmpeg that failed before it produced any media: a missing device, a
 * bad input, a build without the filter or encoder needed. Pure; `stderr` is its last lines.
 */
export function ffmpegFailure(
  input: CaptureInput,
  stderr: readonly string[],
  exit: { code: number | null; signal: string | null },
): LlhlsError {
  const line = telltaleLine(stderr);
  const how = exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal ?? '?'}`;
  if (input.kind === 'device') {
    const missing = /no such file|no such device|cannot open video device/i.test(line);
    if (missing) {
      return new LlhlsError(
        LlhlsErrorCode.DeviceNotFound,
        `video device ${input.device} not found (${line}); list cameras with \`v4l2-ctl --list-devices\`, pass --device PATH, or use --test-src`,
      );
    }
    return new LlhlsError(
      LlhlsErrorCode.FfmpegFailed,
      `FFmpeg could not capture from ${input.device} (${how}: ${line}); check --input-format, --resolution and --framerate against \`v4l2-ctl --list-formats-ext -d ${input.device}\``,
    );
  }
  if (input.kind === 'input') {
    return new LlhlsError(
      LlhlsErrorCode.FfmpegFailed,
      `FFmpeg could not read --input ${input.input} (${how}: ${line}); check the path or URL and that it is an MPEG-TS stream with H.264 or H.265 video`,
    );
  }
  return new LlhlsError(
    LlhlsErrorCode.FfmpegFailed,
    `FFmpeg failed to start the test source (${how}: ${line}); it needs the lavfi, libx264 and aac components (Debian's ffmpeg package has them) or pass --ffmpeg PATH to another build`,
  );
}
