import { Flags } from '@oclif/core';

/** The CI verdict's flags, shared by `llhls report` and `llhls measure`. */
export const verdictFlags = {
  assert: Flags.string({
    description:
      "Fail (exit 1) unless this holds, in k6's threshold syntax: 'capture_to_display: p(95)<500ms', 'browser.stalls: count==0', 'findings: failed==0'. Repeatable. Latency limits need a unit (500ms, 0.5s). No samples for an asserted metric is a breach.",
    multiple: true,
  }),
  warn: Flags.string({
    description: 'Like --assert, but a breach is printed and does not fail. Repeatable.',
    multiple: true,
  }),
  config: Flags.string({
    description: 'YAML file with assert: and warn: lists (and baseline:, max-regression:), e.g. llhls.yaml.',
  }),
  baseline: Flags.string({
    description:
      "A run to compare with: a gate on each client's headline p50 and p95 (see --max-regression); in llhls report also the reference of the Relative column.",
  }),
  'max-regression': Flags.string({
    description:
      'With --baseline: fail when p50 or p95 is worse than the baseline by more than this AND by more than the noise (a bootstrap interval over the samples). Default 10%.',
  }),
};

/** `llhls report`'s own flags besides the verdict's. */
export const reportFlags = {
  ...verdictFlags,
  out: Flags.string({
    description:
      'Directory to write the report into (default <run>/report/, or reports-<time>/ for several runs).',
  }),
  png: Flags.boolean({
    description: 'Write a PNG of every chart (headless Chromium); --no-png skips it.',
    default: true,
    allowNo: true,
  }),
  browser: Flags.string({ description: 'Chromium executable for the PNGs.', env: 'LLHLS_BROWSER' }),
};
