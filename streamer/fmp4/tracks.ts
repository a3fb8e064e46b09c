import { type AdtsConfig, audioSpecificConfig } from '../codec/adts.js';
import { aacCodecsString } from '../codec/codecs-string.js';
import { describeVideo } from '../codec/describe-video.js';
import { VideoCodec } from '../codec/nal-types.js';
import type { ParameterSets } from '../codec/parameter-sets.js';
import { avcDecoderConfig, hevcDecoderConfig } from './decoder-config.js';

/** The video timescale: MPEG-TS's 90 kHz, so decode times pass through without rounding. */
export const VIDEO_TIMESCALE = 90_000;

/** A video track of the init segment: what its `avc1`/`hvc1` sample entry holds. */
export interface VideoTrack {
  kind: 'video';
  id: number;
  codec: VideoCodec;
  timescale: number;
  width: number;
  height: number;
  /** The avcC or hvcC payload (decoder-config.ts). */
  decoderConfig: Uint8Array;
  /** RFC 6381 CODECS value (`avc1.64001f`, `hvc1.1.6.L93.B0`). */
  codecs: string;
  /** The parameter sets it was built from (a different set needs a new init segment). */
  sets: ParameterSets;
}

/** An AAC track of the init segment: what its `mp4a` sample entry and `esds` hold. */
export interface AudioTrack {
  kind: 'audio';
  id: number;
  /** The sample rate: one tick per audio sample. */
  timescale: number;
  channels: number;
  /** AudioSpecificConfig (2 bytes). */
  audioSpecificConfig: Uint8Array;
  codecs: string;
  config: AdtsConfig;
}

export type Track = VideoTrack | AudioTrack;

/** The video track for a stream's parameter sets; null while its SPS cannot be read. */
export function videoTrack(id: number, sets: ParameterSets): VideoTrack | null {
  const description = describeVideo(sets);
  if (description === null || sets.pps.length === 0) return null;
  if (description.codec === VideoCodec.HEVC && sets.vps.length === 0) return null;
  const decoderConfig =
    description.codec === VideoCodec.H264
      ? avcDecoderConfig(sets, description.sps)
      : hevcDecoderConfig(sets, description.sps);
  return {
    kind: 'video',
    id,
    codec: description.codec,
    timescale: VIDEO_TIMESCALE,
    width: description.width,
    height: description.height,
    decoderConfig,
    codecs: description.codecs,
    sets,
  };
}

/** The AAC track for an ADTS stream. */
export function audioTrack(id: number, config: AdtsConfig): AudioTrack {
  return {
    kind: 'audio',
    id,
    timescale: config.sampleRate,
    // channel_configuration 7 is 7.1 (8 channels); 0 (in-stream PCE) is taken as stereo.
    channels:
      config.channelConfiguration === 7
        ? 8
        : config.channelConfiguration === 0
          ? 2
          : config.channelConfiguration,
    audioSpecificConfig: audioSpecificConfig(config),
    codecs: aacCodecsString(config.objectType),
    config,
  };
}
