import { type ParsedManifest, Parser } from 'm3u8-parser';

/** The fields of m3u8-parser's manifest the packager tests read beyond the project's declaration. */
export interface Manifest extends ParsedManifest {
  serverControl?: {
    canBlockReload?: boolean;
    canSkipUntil?: number;
    holdBack?: number;
    partHoldBack?: number;
  };
}

export function parseM3u8(text: string): Manifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as Manifest;
}
