/**
 * ADTS, the framing AAC travels in over MPEG-TS: a 7-byte header (9 with a CRC) before every raw
 * AAC frame. The header says what an MP4 sample entry needs (object type, sampling frequency,
 * channels); the frames inside it are what an fMP4 sample holds.
 * @see ISO/IEC 14496-3 §1.A.2 (adts_frame), §1.6.2.1 (AudioSpecificConfig)
 */

/** Sampling frequencies by sampling_frequency_index (14496-3 Table 1.18). */
const SAMPLE_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** Samples per AAC frame (AAC LC and the others ADTS carries). */
export const AAC_FRAME_SAMPLES = 1024;

/** What an ADTS header says about its stream (equal for every frame of one stream). */
export interface AdtsConfig {
  /** Audio Object Type: profile + 1 (2 = AAC LC). */
  objectType: number;
  samplingFrequencyIndex: number;
  sampleRate: number;
  /** channel_configuration (1 mono, 2 stereo, ...; 0: defined in the stream). */
  channelConfiguration: number;
}

/** One ADTS frame in a buffer: its header and where its raw AAC data lies. */
export interface AdtsFrame {
  config: AdtsConfig;
  /** Offset of the raw AAC frame (after the header and CRC) and its length. */
  dataStart: number;
  dataLength: number;
  /** Offset after the whole ADTS frame. */
  end: number;
}

/**
 * Reads the ADTS header at `at`; null when there is none (no syncword, a reserved frequency
 * index, a frame length shorter than its header or running past the buffer).
 */
export function readAdtsFrame(bytes: Uint8Array, at: number): AdtsFrame | null {
  if (at + 7 > bytes.length) return null;
  const b1 = bytes[at + 1]!;
  if (bytes[at] !== 0xff || (b1 & 0xf6) !== 0xf0) return null;
  const protectionAbsent = (b1 & 0x01) === 1;
  const b2 = bytes[at + 2]!;
  const b3 = bytes[at + 3]!;
  const samplingFrequencyIndex = (b2 >> 2) & 0x0f;
  const sampleRate = SAMPLE_RATES[samplingFrequencyIndex];
  if (sampleRate === undefined) return null;
  const frameLength = ((b3 & 0x03) << 11) | (bytes[at + 4]! << 3) | (bytes[at + 5]! >> 5);
  const headerLength = protectionAbsent ? 7 : 9;
  if (frameLength <= headerLength || at + frameLength > bytes.length) return null;
  return {
    config: {
      objectType: ((b2 >> 6) & 0x03) + 1,
      samplingFrequencyIndex,
      sampleRate,
      channelConfiguration: ((b2 & 0x01) << 2) | (b3 >> 6),
    },
    dataStart: at + headerLength,
    dataLength: frameLength - headerLength,
    end: at + frameLength,
  };
}

/** Every ADTS frame of a PES payload, in order; stops at the first byte that starts none. */
export function readAdtsFrames(bytes: Uint8Array): AdtsFrame[] {
  const frames: AdtsFrame[] = [];
  let at = 0;
  while (at < bytes.length) {
    const frame = readAdtsFrame(bytes, at);
    if (frame === null) break;
    frames.push(frame);
    at = frame.end;
  }
  return frames;
}

/** The 2-byte AudioSpecificConfig an esds box carries (14496-3 §1.6.2.1). */
export function audioSpecificConfig(config: AdtsConfig): Uint8Array {
  return new Uint8Array([
    (config.objectType << 3) | (config.samplingFrequencyIndex >> 1),
    ((config.samplingFrequencyIndex & 1) << 7) | (config.channelConfiguration << 3),
  ]);
}

export function sameAdtsConfig(a: AdtsConfig, b: AdtsConfig | null): boolean {
  return (
    b !== null &&
    a.objectType === b.objectType &&
    a.samplingFrequencyIndex === b.samplingFrequencyIndex &&
    a.channelConfiguration === b.channelConfiguration
  );
}
