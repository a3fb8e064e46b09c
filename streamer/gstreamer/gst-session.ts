import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';
import { exposureWarning } from '../origin/exposure.js';
import type { AdvertisedValues } from '../packager/packager-options.js';
import { type ServeLinks, serveLinks } from '../serve-session.js';
import { type GstEngineOptions, startGstEngine } from './gst-engine.js';
import type { SegmentFeedStats } from './segment-feed.js';

/** Version of `llhls serve --engine gstreamer --json` (schemas/serve-result.schema.json). */
export const GST_SERVE_RESULT_SCHEMA = 'llhls.serve-gstreamer/1';

/** What `llhls serve --engine gstreamer` reports (`--json`): once ready, and at exit. */
export interface GstServeResult {
  schema: typeof GST_SERVE_RESULT_SCHEMA;
  engine: 'gstreamer';
  links: ServeLinks;
  origin: string;
  /** FFmpeg | gst-launch-1.0, as a shell line. */
  pipeline: string;
  /** The temporary directory splitmuxsink writes into (removed at exit). */
  directory: string;
  advertised: AdvertisedValues | null;
  status: GstServeStatus | null;
}

export interface GstServeStatus extends SegmentFeedStats {
  uptimeMs: number;
  /** Files removed beyond --max-files. */
  removedFiles: number;
  /** Raw frames dropped because GStreamer was more than two frames behind. */
  droppedFrames: number;
  /** How closed files are found: fs.watch with a poll as backup, or polling only. */
  detection: 'watch' | 'poll';
}

export interface GstServeIo {
  signal: AbortSignal;
  log: (line: string) => void;
  ready: (result: GstServeResult) => void;
  statusIntervalMs: number;
}

/**
 * Runs the GStreamer engine until `io.signal` aborts or a process of its pipeline exits (then
 * LlhlsError GstreamerFailed, exit 1, with its last stderr line); the directory is removed either way.
 */
export async function runGstServe(options: GstEngineOptions, io: GstServeIo): Promise<GstServeResult> {
  const engine = await startGstEngine(options);
  const describe = (final: boolean): GstServeResult => ({
    schema: GST_SERVE_RESULT_SCHEMA,
    engine: 'gstreamer',
    links: serveLinks(engine.publicUrl),
    origin: engine.origin,
    pipeline: engine.commandLine,
    directory: engine.directory,
    advertised: engine.feed.window.advertised,
    status: final ? status() : null,
  });
  const status = (): GstServeStatus => ({
    ...engine.feed.stats,
    uptimeMs: options.now() - engine.startedAt,
    removedFiles: engine.removedFiles,
    droppedFrames: engine.droppedFrames,
    detection: engine.detection,
  });
  io.ready(describe(false));
  const exposure = exposureWarning(options.host);
  if (exposure !== null) io.log(`warning: ${exposure}`);
  engine.on('warning', ({ message }) => io.log(`warning: ${message}`));
  let failure: LlhlsError | null = null;
  const timer =
    io.statusIntervalMs > 0
      ? setInterval(() => {
          const s = status();
          io.log(
            `gstreamer: ${s.segments} segments, ${s.frames} frames, ${s.droppedFrames} raw frames dropped, ${s.removedFiles} files removed`,
          );
        }, io.statusIntervalMs)
      : undefined;
  try {
    await new Promise<void>((resolve) => {
      engine.on('failed', ({ process, code, signal, stderr }) => {
        failure = new LlhlsError(
          LlhlsErrorCode.GstreamerFailed,
          `${process} exited (${code !== null ? `code ${code}` : `signal ${signal}`}): ${stderr.at(-1) ?? 'no message'}`,
          { exitCode: 1 },
        );
        resolve();
      });
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    clearInterval(timer);
  }
  const final = describe(true);
  await engine.close();
  if (failure !== null) throw failure;
  return final;
}
