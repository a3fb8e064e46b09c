/**
 * Errors a user can cause (bad flag, missing binary, unreachable URL). Each has a stable `code`
 * and a message that names the fix; the command layer prints the message on one line and exits
 * non-zero. Programming errors stay plain `Error`s. Findings about a server under test are data,
 * never exceptions.
 */
export const LlhlsErrorCode = {
  InvalidFlag: 'LLHLS_INVALID_FLAG',
  FfmpegNotFound: 'LLHLS_FFMPEG_NOT_FOUND',
  FfmpegFailed: 'LLHLS_FFMPEG_FAILED',
  DeviceNotFound: 'LLHLS_DEVICE_NOT_FOUND',
  PortInUse: 'LLHLS_PORT_IN_USE',
  TlsConfig: 'LLHLS_TLS_CONFIG',
  Unreachable: 'LLHLS_UNREACHABLE',
  HttpStatus: 'LLHLS_HTTP_STATUS',
  NotAPlaylist: 'LLHLS_NOT_A_PLAYLIST',
  BrowserNotFound: 'LLHLS_BROWSER_NOT_FOUND',
  BrowserFailed: 'LLHLS_BROWSER_FAILED',
  ChronyUnavailable: 'LLHLS_CHRONY_UNAVAILABLE',
  ClockThreshold: 'LLHLS_CLOCK_THRESHOLD',
  RunFile: 'LLHLS_RUN_FILE',
  OutputDir: 'LLHLS_OUTPUT_DIR',
  /** A profile or impairment file (llhls proxy --profile FILE) that cannot be used. */
  ProfileFile: 'LLHLS_PROFILE_FILE',
  /** The input holds a stream llhls cannot package (MPEG-2 video, ...). */
  UnsupportedStream: 'LLHLS_UNSUPPORTED_STREAM',
  /** The input ended without giving anything to serve (garbage, empty, no keyframe). */
  NoMedia: 'LLHLS_NO_MEDIA',
  /** Ctrl-C before anything was measured (exit code 130). */
  Interrupted: 'LLHLS_INTERRUPTED',
} as const;
export type LlhlsErrorCode = (typeof LlhlsErrorCode)[keyof typeof LlhlsErrorCode];

export class LlhlsError extends Error {
  readonly code: LlhlsErrorCode;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(code: LlhlsErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlhlsError';
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

export function isLlhlsError(error: unknown): error is LlhlsError {
  return error instanceof LlhlsError;
}
