import { Flags } from '@oclif/core';
import { DEFAULT_MAX_CLOCK_UNCERTAINTY_MS } from '../measure/measure-session.js';
import { verdictFlags } from './verdict-flags.js';

/** `llhls measure`'s flags. */
export const measureFlags = {
  url: Flags.string({
    description: 'Playlist URL (media or multivariant) of the stream to measure.',
    required: true,
  }),
  client: Flags.string({
    description: 'Which client plays: node, browser, or node,browser (both at once, one run).',
    default: 'node',
  }),
  duration: Flags.string({
    description: 'How long to measure: 30 (seconds), 90s, 2m, 1m30s.',
    default: '30s',
  }),
  warmup: Flags.string({
    description:
      'Leave the first part of the run out of the statistics (later if the player reaches its target later); shorter than --duration. Default 10s.',
  }),
  label: Flags.string({
    description: 'A name for the run, used in the directory name (default: the URL host).',
  }),
  out: Flags.string({
    description: 'Run directory to write (must be new or empty; default runs/<YYYYMMDD-HHMMSS>-<label>).',
  }),
  viewers: Flags.integer({
    description: 'Node client: simulated concurrent viewers in this process (load test).',
    min: 1,
  }),
  'assume-synced': Flags.boolean({
    description: 'Do not measure the clock offset; assume the clocks agree (recorded in run.json).',
  }),
  'max-clock-uncertainty': Flags.string({
    description: 'Warn when the clock offset is less certain, or drifts more, than this.',
    default: `${DEFAULT_MAX_CLOCK_UNCERTAINTY_MS}ms`,
  }),
  insecure: Flags.boolean({
    description:
      'Accept any TLS certificate, e.g. a self-signed one (llhls serve --tls self-signed): both clients, the clock probe and stream info. Recorded in run.json.',
    exclusive: ['ca'],
  }),
  ca: Flags.string({
    description:
      "Also trust the PEM certificate(s) in this file: the server's own or its CA's. The browser client pins them by public key. Recorded in run.json.",
  }),
  player: Flags.string({
    description:
      'Browser client: the player, hls.js or shaka (Shaka Player 5), bundled, in low-latency mode. Shaka cannot play MPEG-TS parts (llhls serve --container fmp4 serves CMAF ones) and wants a multivariant playlist with CODECS (llhls serve: /master.m3u8).',
    options: ['hls.js', 'shaka'],
    default: 'hls.js',
  }),
  'player-config': Flags.string({
    description:
      'Browser client: options of the chosen player as JSON (hls.js: flat, e.g. {"liveSyncDuration":1.5}; Shaka: its configure() tree, e.g. {"streaming":{"rebufferingGoal":0.5}}), merged over the low-latency defaults and --catch-up.',
  }),
  'hls-config': Flags.string({
    description: 'Browser client: hls.js options as JSON; the same as --player-config with --player hls.js.',
  }),
  'catch-up': Flags.boolean({
    description:
      "Browser client: let the player catch up with the live edge, aiming at the stream's PART-HOLD-BACK (else HOLD-BACK). hls.js seeks back when 0.1 s later than that; Shaka plays at up to 1.5x until within 0.1 s of it (its live sync; it never seeks). Without it the player plays wherever start-up left it. --player-config overrides these options.",
  }),
  headed: Flags.boolean({ description: 'Browser client: show the browser window.' }),
  browser: Flags.string({
    description: 'Browser client: Chromium executable to use.',
    env: 'LLHLS_BROWSER',
  }),
  ...verdictFlags,
};
