import { createFile } from 'mp4box';
import { concatBytes } from '../../src/bytes.js';
import { runAsync } from './run-async.js';

/**
 * Reads fragmented MP4 with mp4box.js (GPAC's parser, not ours) and FFmpeg, so the fMP4 muxer is
 * checked by code it did not write: tracks and their codec strings as mp4box derives them from
 * avcC/hvcC/esds, and every movie fragment's tfdt and trun entries.
 */
export interface Mp4Track {
  id: number;
  type: string;
  /** The RFC 6381 string mp4box builds from the sample entry's decoder configuration. */
  codec: string;
  timescale: number;
  width: number | null;
  height: number | null;
  sampleRate: number | null;
  channels: number | null;
}

export interface Mp4Run {
  trackId: number;
  baseMediaDecodeTime: number;
  /** tfhd flags (0x020000: default-base-is-moof). */
  tfhdFlags: number;
  dataOffset: number;
  durations: number[];
  sizes: number[];
  flags: number[];
  compositionOffsets: number[];
}

export interface Mp4Fragment {
  sequence: number;
  runs: Mp4Run[];
}

export interface Mp4File {
  /** Top-level box types in order. */
  boxes: string[];
  /** ftyp major brand and compatible brands. */
  brands: string[];
  tracks: Mp4Track[];
  fragments: Mp4Fragment[];
}

interface RawBox {
  type: string;
  major_brand?: string;
  compatible_brands?: string[];
  mfhd?: { sequence_number: number };
  trafs?: Array<{
    tfhd: { track_id: number; flags: number };
    tfdt: { baseMediaDecodeTime: number | bigint };
    truns: Array<{
      data_offset: number;
      sample_count: number;
      sample_duration: number[];
      sample_size: number[];
      sample_flags: number[];
      sample_composition_time_offset: number[];
    }>;
  }>;
}

export function readMp4(bytes: Uint8Array): Mp4File {
  const file = createFile();
  let info: { tracks: Array<Record<string, unknown>> } | null = null;
  let error: unknown = null;
  file.onReady = (i: unknown) => {
    info = i as { tracks: Array<Record<string, unknown>> };
  };
  file.onError = (e: unknown) => {
    error = e;
  };
  const buffer = bytes.slice().buffer as ArrayBuffer & { fileStart: number };
  buffer.fileStart = 0;
  file.appendBuffer(buffer as never);
  file.flush();
  if (error !== null) throw new Error(`mp4box: ${String(error)}`);
  const raw = (file as unknown as { boxes: RawBox[] }).boxes;
  const ftyp = raw.find((b) => b.type === 'ftyp');
  const tracks = ((info as { tracks: Array<Record<string, unknown>> } | null)?.tracks ?? []).map((t) => {
    const video = t['video'] as { width: number; height: number } | undefined;
    const audio = t['audio'] as { sample_rate: number; channel_count: number } | undefined;
    return {
      id: t['id'] as number,
      type: t['type'] as string,
      codec: t['codec'] as string,
      timescale: t['timescale'] as number,
      width: video?.width ?? null,
      height: video?.height ?? null,
      sampleRate: audio?.sample_rate ?? null,
      channels: audio?.channel_count ?? null,
    };
  });
  const fragments = raw
    .filter((b) => b.type === 'moof')
    .map((moof) => ({
      sequence: moof.mfhd?.sequence_number ?? -1,
      runs: (moof.trafs ?? []).map((traf) => {
        const trun = traf.truns[0]!;
        return {
          trackId: traf.tfhd.track_id,
          baseMediaDecodeTime: Number(traf.tfdt.baseMediaDecodeTime),
          tfhdFlags: traf.tfhd.flags,
          dataOffset: trun.data_offset,
          durations: [...trun.sample_duration],
          sizes: [...trun.sample_size],
          flags: [...trun.sample_flags],
          compositionOffsets:
            trun.sample_composition_time_offset.length > 0
              ? [...trun.sample_composition_time_offset]
              : new Array<number>(trun.sample_count).fill(0),
        };
      }),
    }));
  return {
    boxes: raw.map((b) => b.type),
    brands: ftyp === undefined ? [] : [ftyp.major_brand ?? '', ...(ftyp.compatible_brands ?? [])],
    tracks,
    fragments,
  };
}

/** Concatenates byte arrays (the shared `concatBytes`, spread for the tests' brevity). */
export function join(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

/** Packets FFmpeg reads from an fMP4 stream (an init segment with media after it), per stream. */
export async function ffprobePackets(
  bytes: Uint8Array,
): Promise<Array<{ stream: number; pts: number; dts: number; key: boolean }>> {
  const { stdout, stderr, status } = await runAsync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts,dts,flags', '-of', 'csv=p=0', '-i', 'pipe:0'],
    bytes,
  );
  if (status !== 0) throw new Error(`ffprobe failed: ${stderr}`);
  return stdout
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [stream, pts, dts, flags] = line.split(',');
      return { stream: Number(stream), pts: Number(pts), dts: Number(dts), key: (flags ?? '').includes('K') };
    });
}

/**
 * Decodes every frame with FFmpeg (`-f framemd5`: one line per decoded frame); returns the frames
 * decoded per stream (0 video, 1 audio) and FFmpeg's error output, empty when it decoded cleanly.
 */
export async function ffmpegDecode(
  bytes: Uint8Array,
): Promise<{ videoFrames: number; audioFrames: number; errors: string }> {
  const { stdout, stderr } = await runAsync(
    'ffmpeg',
    // passthrough: every decoded frame once, whatever its timestamps (no frame-rate conversion).
    ['-hide_banner', '-v', 'error', '-i', 'pipe:0', '-fps_mode', 'passthrough', '-f', 'framemd5', 'pipe:1'],
    bytes,
  );
  const lines = stdout
    .toString()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  return {
    videoFrames: lines.filter((l) => l.startsWith('0,')).length,
    audioFrames: lines.filter((l) => l.startsWith('1,')).length,
    errors: stderr.trim(),
  };
}
