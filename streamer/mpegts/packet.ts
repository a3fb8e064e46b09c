/**
 * MPEG-2 transport stream packet header fields, read straight from a byte array at an offset.
 * Plain functions over (bytes, offset) so the demuxer's hot loop allocates nothing per packet.
 * @see ISO/IEC 13818-1 §2.4.3.2 (transport packet layer) and §2.4.3.4 (adaptation field)
 */

export const PACKET_SIZE = 188;
export const SYNC_BYTE = 0x47;
export const PAT_PID = 0x0000;
export const NULL_PID = 0x1fff;
/** PIDs are 13 bits. */
export const PID_COUNT = 0x2000;

export function packetPid(bytes: Uint8Array, at: number): number {
  return ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
}

/** adaptation_field_control: 1 payload only, 2 adaptation field only, 3 both (0 reserved). */
export function adaptationFieldControl(bytes: Uint8Array, at: number): number {
  return (bytes[at + 3]! >> 4) & 0x03;
}

/** Flags byte of the adaptation field, or 0 when there is none or it is empty. */
function adaptationFlags(bytes: Uint8Array, at: number): number {
  return (bytes[at + 3]! & 0x20) !== 0 && bytes[at + 4]! > 0 ? bytes[at + 5]! : 0;
}

/** random_access_indicator: the next PES starting here begins a random access point. */
export function randomAccess(bytes: Uint8Array, at: number): boolean {
  return (adaptationFlags(bytes, at) & 0x40) !== 0;
}

/** discontinuity_indicator: continuity_counter (and PCR) may jump here legitimately. */
export function discontinuity(bytes: Uint8Array, at: number): boolean {
  return (adaptationFlags(bytes, at) & 0x80) !== 0;
}

/**
 * Offset of the first payload byte relative to the packet start, PACKET_SIZE when there is no
 * payload, or -1 when the adaptation field length overruns the packet (malformed).
 */
export function payloadOffset(bytes: Uint8Array, at: number): number {
  const afc = adaptationFieldControl(bytes, at);
  if ((afc & 0x01) === 0) return PACKET_SIZE;
  if ((afc & 0x02) === 0) return 4;
  const offset = 5 + bytes[at + 4]!;
  return offset > PACKET_SIZE ? -1 : offset;
}

/**
 * The packet's adaptation field ends in stuffing bytes: the muxer padded the packet because the
 * PES ended before the packet would have been full (or, with adaptation_field_length 0, by one
 * byte). Bytes used by the fields the flags announce (PCR, OPCR, splice countdown, private data,
 * extension) are not stuffing.
 * @see ISO/IEC 13818-1 §2.4.3.4, §2.4.3.5 (stuffing_byte)
 */
export function adaptationStuffing(bytes: Uint8Array, at: number): boolean {
  if ((bytes[at + 3]! & 0x20) === 0) return false;
  const length = bytes[at + 4]!;
  if (length === 0) return true;
  const flags = bytes[at + 5]!;
  let used = 1;
  if (flags & 0x10) used += 6;
  if (flags & 0x08) used += 6;
  if (flags & 0x04) used += 1;
  if (flags & 0x02 && used < length) used += 1 + bytes[at + 5 + used]!;
  if (flags & 0x01 && used < length) used += 1 + bytes[at + 5 + used]!;
  return length > used;
}
