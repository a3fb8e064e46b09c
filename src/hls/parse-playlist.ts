import { type ParsedByteRange, type ParsedPart, type ParsedPlaylistRef, Parser } from 'm3u8-parser';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import type {
  ByteRange,
  MasterPlaylist,
  MediaPlaylist,
  Playlist,
  PlaylistPart,
  PlaylistSegment,
  PreloadHint,
  ServerControl,
  VariantRef,
} from './media-playlist.js';

/**
 * Parses playlist text into our types. Pure. m3u8-parser does the line work; what it leaves out or
 * rewrites (it invents HOLD-BACK defaults, keeps PDT only as strings) is read from the text here.
 * Throws `LlhlsError` NotAPlaylist when the text has no #EXTM3U header.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-4.3.1.1
 */
export function parsePlaylist(text: string): Playlist {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!body.startsWith('#EXTM3U')) {
    const head = JSON.stringify(body.slice(0, 40));
    throw new LlhlsError(
      LlhlsErrorCode.NotAPlaylist,
      `the response is not an HLS playlist (it does not start with #EXTM3U but with ${head}); check the URL points at an .m3u8`,
    );
  }
  const parser = new Parser();
  parser.push(body);
  parser.end();
  const manifest = parser.manifest;
  if ((manifest.playlists?.length ?? 0) > 0 || body.includes('#EXT-X-STREAM-INF')) {
    return parseMaster(manifest.playlists ?? []);
  }
  const mediaSequence = manifest.mediaSequence ?? 0;
  const skipped = manifest.skip?.skippedSegments ?? 0;
  const segments: PlaylistSegment[] = [];
  let msn = mediaSequence + skipped;
  let previous: PlaylistSegment | null = null;
  for (const raw of manifest.segments) {
    const explicit = raw.dateTimeString === undefined ? null : Date.parse(raw.dateTimeString);
    const discontinuity = raw.discontinuity === true;
    const pdt = explicit ?? extrapolate(previous, discontinuity);
    const segment: PlaylistSegment = {
      msn,
      uri: raw.uri,
      duration: raw.duration,
      pdt,
      pdtExplicit: explicit !== null,
      discontinuity,
      parts: toParts(raw.parts ?? [], msn),
    };
    segments.push(segment);
    previous = segment;
    msn += 1;
  }
  const tailMsn = msn;
  const preload = manifest.preloadSegment;
  const tailParts = toParts(preload?.parts ?? [], tailMsn);
  const tailExplicit = preload?.dateTimeString === undefined ? null : Date.parse(preload.dateTimeString);
  const hintRaw = preload?.preloadHints?.find((h) => h.type === 'PART' || h.type === 'MAP');
  let preloadHint: PreloadHint | null = null;
  if (hintRaw !== undefined) {
    preloadHint = {
      type: hintRaw.type === 'MAP' ? 'MAP' : 'PART',
      uri: hintRaw.uri,
      msn: tailMsn,
      index: tailParts.length,
      byteRange: toRange(hintRaw.byterange),
    };
  }
  const playlist: MediaPlaylist = {
    kind: 'media',
    version: manifest.version ?? null,
    targetDuration: manifest.targetDuration ?? null,
    partTarget: manifest.partInf?.partTarget ?? null,
    mediaSequence,
    discontinuitySequence: manifest.discontinuitySequence ?? 0,
    skipped,
    delta: body.includes('#EXT-X-SKIP:'),
    serverControl: parseServerControl(body),
    segments,
    tailParts,
    tailPdt: tailExplicit ?? extrapolate(previous, false),
    preloadHint,
    endList: manifest.endList === true,
    initSection: /^#EXT-X-MAP:/m.test(body),
  };
  return playlist;
}

function extrapolate(previous: PlaylistSegment | null, discontinuity: boolean): number | null {
  // Across a discontinuity the timeline may jump: without a PDT tag the instant is unknown.
  if (previous === null || previous.pdt === null || discontinuity) return null;
  return previous.pdt + previous.duration * 1000;
}

function toParts(raw: ParsedPart[], msn: number): PlaylistPart[] {
  return raw.map((part, index) => ({
    msn,
    index,
    uri: part.uri,
    duration: part.duration,
    independent: part.independent === true,
    gap: part.gap === true,
    byteRange: toRange(part.byterange),
  }));
}

function toRange(range: ParsedByteRange | undefined): ByteRange | null {
  if (range === undefined) return null;
  const length = Number.isFinite(range.length) ? range.length : null;
  return { start: range.offset ?? 0, length };
}

/** Reads EXT-X-SERVER-CONTROL as written: m3u8-parser fills in defaults we must not report. */
function parseServerControl(text: string): ServerControl | null {
  const match = /^#EXT-X-SERVER-CONTROL:(.*)$/m.exec(text);
  if (match === null) return null;
  const attrs = parseAttributes(match[1] ?? '');
  const num = (key: string): number | null => {
    const value = attrs.get(key);
    if (value === undefined) return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  };
  return {
    canBlockReload: attrs.get('CAN-BLOCK-RELOAD') === 'YES',
    canSkipUntil: num('CAN-SKIP-UNTIL'),
    canSkipDateRanges: attrs.get('CAN-SKIP-DATERANGES') === 'YES',
    holdBack: num('HOLD-BACK'),
    partHoldBack: num('PART-HOLD-BACK'),
  };
}

/** Attribute list: NAME=value pairs, quoted strings may hold commas. @see RFC 8216bis 4.2 */
export function parseAttributes(list: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (let m = re.exec(list); m !== null; m = re.exec(list)) {
    const value = m[2] ?? '';
    out.set(m[1] ?? '', value.startsWith('"') ? value.slice(1, -1) : value.trim());
  }
  return out;
}

function parseMaster(refs: ParsedPlaylistRef[]): MasterPlaylist {
  const variants: VariantRef[] = refs.map((ref) => {
    const res = ref.attributes?.RESOLUTION;
    return {
      uri: ref.uri,
      bandwidth: ref.attributes?.BANDWIDTH ?? null,
      resolution: res === undefined ? null : `${res.width}x${res.height}`,
      codecs: ref.attributes?.CODECS ?? null,
    };
  });
  return { kind: 'master', variants };
}
