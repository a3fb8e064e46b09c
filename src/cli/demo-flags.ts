import { Flags } from '@oclif/core';
import { SERVE_FLAG_DEFAULTS } from './serve-options.js';

/** `llhls demo`'s flags. */
export const demoFlags = {
  duration: Flags.string({ description: 'How long to measure: 30 (seconds), 90s, 2m.', default: '30s' }),
  warmup: Flags.string({
    description: 'Leave the first part of the run out of the statistics (shorter than --duration).',
    default: '10s',
  }),
  client: Flags.string({
    description: 'Which clients play: node, browser or node,browser.',
    default: 'node,browser',
  }),
  'catch-up': Flags.boolean({
    description:
      "Browser client: hls.js catches up with the live edge (the stream's PART-HOLD-BACK); --no-catch-up plays where start-up leaves it.",
    default: true,
    allowNo: true,
  }),
  resolution: Flags.string({
    description: 'Test source size, WIDTHxHEIGHT.',
    default: SERVE_FLAG_DEFAULTS.resolution,
  }),
  'http-port': Flags.integer({
    description: 'Port to serve on while measuring (0: any free port).',
    default: 0,
    min: 0,
    max: 65_535,
  }),
  out: Flags.string({
    description:
      'Run directory to write (default runs/<YYYYMMDD-HHMMSS>-demo); the report goes in its report/.',
  }),
  png: Flags.boolean({ description: 'PNG of every chart; --no-png skips it.', default: true, allowNo: true }),
  browser: Flags.string({
    description: 'Chromium executable (browser client and PNGs).',
    env: 'LLHLS_BROWSER',
  }),
};
