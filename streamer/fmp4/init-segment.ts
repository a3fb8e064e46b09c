import { BoxWriter } from './box-writer.js';
import type { AudioTrack, Track, VideoTrack } from './tracks.js';

/** The unity matrix of mvhd and tkhd (16.16 and 2.30 fixed point). */
const MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

/**
 * The init segment (CMAF header) of a fragmented MP4: `ftyp` and a `moov` with one `trak` per
 * track (no samples: every sample lives in a movie fragment) and `mvex`/`trex` announcing the
 * fragments. Served once through EXT-X-MAP. Durations are 0: the presentation is live.
 * @see ISO/IEC 14496-12 §8.2-8.8 (moov, trak, mvex)
 * @see ISO/IEC 23000-19 (CMAF) §7.3 (CMAF header)
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-3.1.2
 */
export function initSegment(tracks: readonly Track[]): Uint8Array {
  const w = new BoxWriter(1024);
  // iso6: tfdt v1 and default-base-is-moof; mp41 for older readers. Not cmfc: CMAF allows one
  // track per file, and a muxed audio+video stream has two.
  w.open('ftyp').ascii('iso6').u32(0).ascii('iso6').ascii('mp41').close();
  w.open('moov');
  w.open('mvhd', { version: 0, flags: 0 });
  w.u32(0).u32(0).u32(1000).u32(0); // creation, modification, timescale (ms), duration
  w.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
  for (const m of MATRIX) w.u32(m);
  w.zeros(24); // pre_defined
  w.u32(Math.max(...tracks.map((t) => t.id)) + 1); // next_track_ID
  w.close();
  for (const track of tracks) trak(w, track);
  w.open('mvex');
  for (const track of tracks) {
    w.open('trex', { version: 0, flags: 0 });
    w.u32(track.id).u32(1).u32(0).u32(0).u32(0); // description 1; durations, sizes, flags per sample
    w.close();
  }
  w.close();
  w.close();
  return w.finish().slice();
}

function trak(w: BoxWriter, track: Track): void {
  const video = track.kind === 'video';
  w.open('trak');
  w.open('tkhd', { version: 0, flags: 0x000003 }); // enabled, in movie
  w.u32(0).u32(0).u32(track.id).u32(0).u32(0); // creation, modification, id, reserved, duration
  w.zeros(8).u16(0).u16(0); // reserved, layer, alternate_group
  w.u16(video ? 0 : 0x0100).u16(0); // volume, reserved
  for (const m of MATRIX) w.u32(m);
  w.u32(video ? track.width * 0x10000 : 0).u32(video ? track.height * 0x10000 : 0);
  w.close();
  w.open('mdia');
  w.open('mdhd', { version: 0, flags: 0 });
  w.u32(0).u32(0).u32(track.timescale).u32(0);
  w.u16(0x55c4).u16(0); // language 'und' (ISO 639-2/T packed 5 bits a letter), pre_defined
  w.close();
  w.open('hdlr', { version: 0, flags: 0 });
  w.u32(0)
    .ascii(video ? 'vide' : 'soun')
    .zeros(12);
  w.ascii(video ? 'VideoHandler' : 'SoundHandler').u8(0);
  w.close();
  w.open('minf');
  if (video) w.open('vmhd', { version: 0, flags: 1 }).u16(0).zeros(6).close();
  else w.open('smhd', { version: 0, flags: 0 }).u16(0).u16(0).close();
  w.open('dinf').open('dref', { version: 0, flags: 0 }).u32(1);
  w.open('url ', { version: 0, flags: 1 }).close(); // media in the same file
  w.close().close();
  w.open('stbl');
  w.open('stsd', { version: 0, flags: 0 }).u32(1);
  if (video) visualSampleEntry(w, track);
  else audioSampleEntry(w, track);
  w.close();
  for (const empty of ['stts', 'stsc', 'stco']) w.open(empty, { version: 0, flags: 0 }).u32(0).close();
  w.open('stsz', { version: 0, flags: 0 }).u32(0).u32(0).close();
  w.close(); // stbl
  w.close(); // minf
  w.close(); // mdia
  w.close(); // trak
}

/** `avc1` or `hvc1`: parameter sets only in the sample entry, never in band. */
function visualSampleEntry(w: BoxWriter, track: VideoTrack): void {
  const h264 = track.codec === 'h264';
  w.open(h264 ? 'avc1' : 'hvc1');
  w.zeros(6).u16(1); // reserved, data_reference_index
  w.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined
  w.u16(track.width).u16(track.height);
  w.u32(0x00480000).u32(0x00480000).u32(0).u16(1); // 72 dpi, 72 dpi, reserved, frame_count
  const name = 'llhls';
  w.u8(name.length)
    .ascii(name)
    .zeros(31 - name.length); // compressorname
  w.u16(0x0018).u16(0xffff); // depth, pre_defined -1
  w.open(h264 ? 'avcC' : 'hvcC')
    .bytes(track.decoderConfig)
    .close();
  w.close();
}

/** `mp4a` with its `esds` (ISO/IEC 14496-14 §5.6, 14496-1 §7.2.6.5-7.2.6.8). */
function audioSampleEntry(w: BoxWriter, track: AudioTrack): void {
  w.open('mp4a');
  w.zeros(6).u16(1); // reserved, data_reference_index
  w.zeros(8).u16(track.channels).u16(16).u16(0).u16(0); // reserved, channels, sample size, pre_defined
  // samplerate is 16.16; rates above 65535 Hz do not fit (the decoder reads the esds's config).
  w.u32(track.timescale <= 0xffff ? track.timescale * 0x10000 : 0);
  const asc = track.audioSpecificConfig;
  const decoderSpecificInfo = 2 + asc.length;
  const decoderConfig = 2 + 13 + decoderSpecificInfo;
  const slConfig = 3;
  w.open('esds', { version: 0, flags: 0 });
  w.u8(0x03)
    .u8(3 + decoderConfig + slConfig)
    .u16(0)
    .u8(0); // ES_Descriptor: ES_ID 0, no flags
  w.u8(0x04).u8(decoderConfig - 2); // DecoderConfigDescriptor
  w.u8(0x40).u8(0x15).u24(0).u32(0).u32(0); // MPEG-4 audio, audio stream, buffer/bitrates unknown
  w.u8(0x05).u8(asc.length).bytes(asc); // DecoderSpecificInfo: AudioSpecificConfig
  w.u8(0x06).u8(1).u8(0x02); // SLConfigDescriptor: predefined MP4
  w.close();
  w.close();
}
