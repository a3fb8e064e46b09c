/** The file names inside a run directory (RunInfo.files names the last two). */
export const RunFiles = {
  Info: 'run.json',
  Samples: 'samples.jsonl',
  Summary: 'summary.json',
} as const;
export type RunFileName = (typeof RunFiles)[keyof typeof RunFiles];
