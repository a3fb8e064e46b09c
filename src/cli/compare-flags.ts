import { Flags } from '@oclif/core';

/** The defaults of `llhls compare`'s flags (and of a compare file's keys): the command declares
 *  them from here and the plan reads them from here (as serve's SERVE_FLAG_DEFAULTS). */
export const COMPARE_DEFAULTS = {
  duration: '30s',
  warmup: '10s',
  client: 'node',
  repeat: 1,
  readyTimeout: '30s',
} as const;

/** `llhls compare`'s flags. Those a compare file also sets win over the file. */
export const compareFlags = {
  vary: Flags.string({
    description:
      'KEY=V1,V2: one llhls serve configuration per value of an llhls serve flag (or network=none,cascade); several --vary make every combination. Instead of a compare file.',
    multiple: true,
  }),
  duration: Flags.string({
    description: `How long each configuration is measured: 30 (seconds), 90s, 2m (default ${COMPARE_DEFAULTS.duration}).`,
  }),
  warmup: Flags.string({
    description: `Left out of every run's statistics, shorter than --duration (default ${COMPARE_DEFAULTS.warmup}).`,
  }),
  client: Flags.string({
    description: `Which clients measure every configuration: node, browser or node,browser (default ${COMPARE_DEFAULTS.client}).`,
  }),
  viewers: Flags.integer({
    description: 'Node client: simulated viewers per configuration (default 1).',
    min: 1,
  }),
  repeat: Flags.integer({
    description:
      'Rounds: every configuration once per round, interleaved (A B C A B C), so that drift on the machine touches all alike; the table shows the spread.',
    min: 1,
    max: 100,
  }),
  reference: Flags.string({ description: 'The configuration Relative divides by (default the first).' }),
  serve: Flags.string({
    description:
      "llhls serve flags every serve configuration gets, e.g. '--resolution 640x360 --bitrate 800'.",
  }),
  player: Flags.string({
    description:
      "Browser client: the player of every configuration, hls.js (default) or shaka (a configuration's player: name wins; --vary player=hls.js,shaka compares them). Shaka cannot play MPEG-TS parts: serve container: fmp4.",
  }),
  'catch-up': Flags.boolean({
    description:
      'Browser client: the player catches up with the live edge (a player: setting of a configuration wins).',
    allowNo: true,
  }),
  'player-config': Flags.string({
    description:
      "Browser client: options of --player's player as JSON, for every configuration that plays it (as measure's --player-config).",
  }),
  'hls-config': Flags.string({
    description: 'Browser client: hls.js options as JSON, for every configuration that plays hls.js.',
  }),
  'ready-timeout': Flags.string({
    description: `How long a streamer may take to list its first segment before its configuration fails (default ${COMPARE_DEFAULTS.readyTimeout}).`,
  }),
  out: Flags.string({
    description:
      'The comparison directory (default runs/<YYYYMMDD-HHMMSS>-compare): compare.json, runs/, logs/ and report/.',
  }),
  png: Flags.boolean({
    description: 'PNG of every report chart; --no-png skips it.',
    default: true,
    allowNo: true,
  }),
  browser: Flags.string({
    description: 'Chromium executable (browser client and PNGs).',
    env: 'LLHLS_BROWSER',
  }),
};
