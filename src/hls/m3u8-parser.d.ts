// m3u8-parser 7 ships no types: only the fields this project reads are declared.
declare module 'm3u8-parser' {
  export interface ParsedByteRange {
    length: number;
    offset?: number;
  }
  export interface ParsedPart {
    uri: string;
    duration: number;
    independent?: boolean;
    gap?: boolean;
    byterange?: ParsedByteRange;
  }
  export interface ParsedPreloadHint {
    type: string;
    uri: string;
    byterange?: ParsedByteRange;
  }
  export interface ParsedSegment {
    uri: string;
    duration: number;
    discontinuity?: boolean;
    dateTimeString?: string;
    parts?: ParsedPart[];
    byterange?: ParsedByteRange;
  }
  export interface ParsedPlaylistRef {
    uri: string;
    attributes?: { BANDWIDTH?: number; RESOLUTION?: { width: number; height: number }; CODECS?: string };
  }
  export interface ParsedManifest {
    version?: number;
    targetDuration?: number;
    mediaSequence?: number;
    discontinuitySequence?: number;
    endList?: boolean;
    segments: ParsedSegment[];
    playlists?: ParsedPlaylistRef[];
    partInf?: { partTarget?: number };
    skip?: { skippedSegments?: number };
    preloadSegment?: { parts?: ParsedPart[]; preloadHints?: ParsedPreloadHint[]; dateTimeString?: string };
  }
  export class Parser {
    manifest: ParsedManifest;
    push(chunk: string): void;
    end(): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
