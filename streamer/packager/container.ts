import { StreamCodec } from '../mpegts/types.js';

/**
 * The container parts and segments are written in: MPEG-TS (the demuxed packets passed through)
 * or fragmented MP4 (CMAF: an init segment, then moof + mdat per part).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-3.1
 */
export const Container = { Ts: 'ts', Fmp4: 'fmp4' } as const;
export type Container = (typeof Container)[keyof typeof Container];

/** File extension of parts and segments, and the Content-Type they are served with. */
export const CONTAINER_MEDIA = {
  [Container.Ts]: { extension: 'ts', contentType: 'video/mp2t' },
  // video/mp4 rather than video/iso.segment: every player and browser takes it.
  [Container.Fmp4]: { extension: 'm4s', contentType: 'video/mp4' },
} as const satisfies Record<Container, { extension: string; contentType: string }>;

/**
 * The codecs whose access units the demuxer must copy out (DemuxOptions.payloads) for a
 * container: fMP4 writes every sample from them; MPEG-TS passes packets through and needs only
 * AAC's (its ADTS header gives the multivariant playlist's CODECS).
 */
export function demuxPayloads(container: Container): StreamCodec[] {
  return container === Container.Fmp4
    ? [StreamCodec.H264, StreamCodec.HEVC, StreamCodec.AAC]
    : [StreamCodec.AAC];
}

/** Content-Type of an fMP4 init segment (EXT-X-MAP). */
export const INIT_CONTENT_TYPE = 'video/mp4';
