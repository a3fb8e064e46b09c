/** Colours that stay apart for the colour-blind (Okabe-Ito), then a few more. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
] as const;

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

/** `#0072B2` with alpha: `rgba(0,114,178,0.3)`. */
export function alpha(hex: string, a: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** The stages of "where the latency goes", always in the same colours. */
export const STAGE_COLOURS = { packaging: '#E69F00', delivery: '#0072B2', buffer: '#009E73' } as const;

export const MARKER_STYLE = {
  stall: { colour: '#D55E00', point: 'rectRot' },
  seek: { colour: '#CC79A7', point: 'triangle' },
  target: { colour: '#7B3294', point: 'star' },
  rate: { colour: '#009E73', point: 'crossRot' },
  error: { colour: '#B00020', point: 'cross' },
} as const;
