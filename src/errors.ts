/**
 * Errors a user can cause (bad flag, missing binary, unreachable URL). Each has a stable `code`
 * and a message that names the fix; the command layer prints the message on one line and exits
 * non-zero: 2 for a usage error (the command line or config file is wrong), 1 for a runtime
 * failure, 130 for Ctrl-C. Programming errors stay plain `Error`s. Findings about a server under
 * test are data, never exceptions.
 */
export const LlhlsErrorCode = {
  /** A flag's value is refused (bad duration, impossible combination). */
  InvalidFlag: 'LLHLS_INVALID_FLAG',
  /** The command line does not parse: unknown command or flag, missing argument. */
  Usage: 'LLHLS_USAGE',
  /** A config file (`--config llhls.yaml`) cannot be read or holds something invalid. */
  Config: 'LLHLS_CONFIG',
  FfmpegNotFound: 'LLHLS_FFMPEG_NOT_FOUND',
  FfmpegFailed: 'LLHLS_FFMPEG_FAILED',
  /** `serve --engine gstreamer` without gst-launch-1.0 or one of the elements it uses. */
  GstreamerNotFound: 'LLHLS_GSTREAMER_NOT_FOUND',
  /** A process of the GStreamer engine's pipeline exited while serving. */
  GstreamerFailed: 'LLHLS_GSTREAMER_FAILED',
  DeviceNotFound: 'LLHLS_DEVICE_NOT_FOUND',
  PortInUse: 'LLHLS_PORT_IN_USE',
  TlsConfig: 'LLHLS_TLS_CONFIG',
  Unreachable: 'LLHLS_UNREACHABLE',
  /** The server stopped answering during a run (the run is written with status failed). */
  ServerGone: 'LLHLS_SERVER_GONE',
  HttpStatus: 'LLHLS_HTTP_STATUS',
  NotAPlaylist: 'LLHLS_NOT_A_PLAYLIST',
  BrowserNotFound: 'LLHLS_BROWSER_NOT_FOUND',
  BrowserFailed: 'LLHLS_BROWSER_FAILED',
  RunFile: 'LLHLS_RUN_FILE',
  /** The runs of a report hold more samples than this machine's memory can (they are all read). */
  RunTooLarge: 'LLHLS_RUN_TOO_LARGE',
  OutputDir: 'LLHLS_OUTPUT_DIR',
  /** A profile or impairment file (llhls proxy --profile FILE) that cannot be used. */
  ProfileFile: 'LLHLS_PROFILE_FILE',
  /** The input holds a stream llhls cannot package (MPEG-2 video, ...). */
  UnsupportedStream: 'LLHLS_UNSUPPORTED_STREAM',
  /** The input ended without giving anything to serve (garbage, empty, no keyframe). */
  NoMedia: 'LLHLS_NO_MEDIA',
  /** SIGINT, SIGTERM or SIGHUP before anything was measured (exit code 128 + the signal). */
  Interrupted: 'LLHLS_INTERRUPTED',
} as const;
export type LlhlsErrorCode = (typeof LlhlsErrorCode)[keyof typeof LlhlsErrorCode];

/** Exit status of a usage error (as oclif's own parse errors). */
export const EXIT_USAGE = 2;
/** Exit status of a runtime failure, and of a CI verdict with an error-level breach. */
export const EXIT_FAILURE = 1;

const USAGE_CODES: ReadonlySet<LlhlsErrorCode> = new Set([
  LlhlsErrorCode.InvalidFlag,
  LlhlsErrorCode.Usage,
  LlhlsErrorCode.Config,
  // A profile file named on the command line that cannot be used, as a bad --config.
  LlhlsErrorCode.ProfileFile,
]);

/** The exit status a code means unless the error says otherwise: 2 usage, 130 Ctrl-C, else 1. */
export function exitCodeOf(code: LlhlsErrorCode): number {
  if (code === LlhlsErrorCode.Interrupted) return 130;
  return USAGE_CODES.has(code) ? EXIT_USAGE : EXIT_FAILURE;
}

export class LlhlsError extends Error {
  readonly code: LlhlsErrorCode;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(code: LlhlsErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlhlsError';
    this.code = code;
    this.exitCode = options?.exitCode ?? exitCodeOf(code);
  }
}

export function isLlhlsError(error: unknown): error is LlhlsError {
  return error instanceof LlhlsError;
}
