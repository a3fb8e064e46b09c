import { concatBytes } from '../../src/bytes.js';
import { VideoCodec } from '../codec/nal-types.js';
import { type ParameterSets, sameParameterSets } from '../codec/parameter-sets.js';
import { finishNalScan, type NalScan, newNalScan, resetNalScan, scanNalUnits } from './nal-scan.js';
import {
  adaptationStuffing,
  discontinuity,
  NULL_PID,
  PACKET_SIZE,
  PAT_PID,
  PID_COUNT,
  payloadOffset,
  randomAccess,
  SYNC_BYTE,
} from './packet.js';
import {
  emptyPesHeader,
  PES_MAX_HEADER,
  PES_MAX_TOTAL_LENGTH,
  type PesHeader,
  PesParse,
  parsePesHeader,
} from './pes.js';
import { parsePat, parsePmt, SectionAssembler, TABLE_ID_PAT, TABLE_ID_PMT, validSection } from './psi.js';
import { unwrapTimestamp } from './timestamp.js';
import {
  type AccessUnit,
  type DemuxEvent,
  type DemuxOptions,
  type DemuxStats,
  type ElementaryStream,
  type ProgramInfo,
  StreamCodec,
} from './types.js';

/** Per elementary stream PID: the unit being received and the unwrapping reference. */
interface PesState {
  stream: ElementaryStream;
  /** A unit has started (its header parsed or being collected) and has not ended yet. */
  active: boolean;
  /** The PES header straddles packets: its bytes so far (lazily allocated). */
  header: Uint8Array | undefined;
  headerFill: number;
  collecting: boolean;
  pts: number;
  dts: number;
  randomAccess: boolean;
  byteLength: number;
  /** Whole PES packet length, 0 when unbounded. */
  totalLength: number;
  /** Video PIDs only: the scan for the keyframe flag and parameter sets. */
  scan: NalScan | null;
  /** Last unwrapped DTS (NaN before the first). */
  reference: number;
  /** The last unit ended at a padded packet: payload before the next unit start disproves it. */
  endedByStuffing: boolean;
  /** Padding ends units on this PID (until it once did not). */
  trustStuffing: boolean;
  /** The parameter sets last announced for this PID. */
  sets: ParameterSets | undefined;
  /** The unit's elementary stream bytes so far, when asked for (DemuxOptions.payloads), else null. */
  payload: Uint8Array | null;
  payloadFill: number;
  /** Elementary stream bytes the PES length allows (Infinity without a length). */
  payloadLimit: number;
}

/**
 * Pure MPEG-TS demuxer: bytes and an arrival time in, events in stream order out. Packets are
 * passed through untouched in `packets` runs; `access-unit` events are placed exactly where a
 * unit ends in the packet stream, so a packager can cut right after one (see ./types.ts).
 * Never throws on bad input: damage is counted in `stats`.
 * @see ISO/IEC 13818-1 §2.4 (transport stream)
 */
export class TsDemuxer {
  readonly stats: DemuxStats = {
    packets: 0,
    resyncBytes: 0,
    resyncs: 0,
    continuityErrors: 0,
    transportErrors: 0,
    pesErrors: 0,
    pesWithoutLength: 0,
    pesLengthLeftOut: 0,
    stuffingEnds: 0,
    stuffingMisses: 0,
    nonIdrKeyframes: 0,
  };

  readonly #stuffingEnds: boolean;
  readonly #payloads: readonly StreamCodec[];

  /** Bytes of an incomplete packet (or an unconfirmed sync candidate) kept for the next push. */
  #pending: Uint8Array = new Uint8Array(0);
  #synced = true;
  #lastCc = new Int8Array(PID_COUNT).fill(-1);
  /** A packet with the previous packet's continuity_counter was seen: one duplicate is legal. */
  #duplicate = new Uint8Array(PID_COUNT);
  #pes: (PesState | undefined)[] = new Array(PID_COUNT);
  #pat = new SectionAssembler();
  #pmt = new SectionAssembler();
  #patSection: Uint8Array | undefined;
  #pmtSection: Uint8Array | undefined;
  #patPackets: readonly Uint8Array[] = [];
  #programNumber = -1;
  #pmtPid = -1;
  #program: ProgramInfo | undefined;
  #header: PesHeader = emptyPesHeader();
  // Per push(): where events go, the arrival time, and the run of packets not yet emitted.
  #events: DemuxEvent[] = [];
  #arrival = 0;
  #runBuffer: Uint8Array = this.#pending;
  #runStart = 0;

  constructor(options: DemuxOptions = {}) {
    this.#stuffingEnds = options.stuffingEnds ?? true;
    this.#payloads = options.payloads ?? [];
  }

  /** Demuxes a chunk of any size; an incomplete trailing packet waits for the next push. */
  push(chunk: Uint8Array, arrival: number): DemuxEvent[] {
    const events: DemuxEvent[] = [];
    this.#events = events;
    this.#arrival = arrival;
    const kept = this.#pending.length;
    let at = 0;
    if (kept > 0) {
      // Join the kept bytes with enough of the chunk to finish that packet and see the next
      // sync byte: a copy of at most 2.5 packets, so a chunk itself is never copied.
      const head = new Uint8Array(kept + Math.min(chunk.length, 2 * PACKET_SIZE));
      head.set(this.#pending);
      head.set(chunk.subarray(0, head.length - kept), kept);
      const stop = this.#scan(head, 0, head.length, kept);
      if (stop < kept) {
        this.#pending = concatBytes([head.subarray(stop), chunk.subarray(head.length - kept)]);
        return events;
      }
      at = stop - kept;
    }
    const stop = this.#scan(chunk, at, chunk.length, chunk.length);
    this.#pending = chunk.slice(stop);
    return events;
  }

  /** Ends every pending unit (`endedBy: 'flush'`); an incomplete trailing packet is dropped. */
  flush(arrival: number): DemuxEvent[] {
    const events: DemuxEvent[] = [];
    this.#events = events;
    this.#arrival = arrival;
    this.stats.resyncBytes += this.#pending.length;
    this.#pending = new Uint8Array(0);
    this.#runBuffer = this.#pending;
    this.#runStart = 0;
    for (const pes of this.#pes) {
      if (pes?.active) {
        if (pes.collecting) this.#malformed(pes);
        else this.#complete(pes, 'flush', 0);
      }
    }
    return events;
  }

  /** Forgets everything about the stream (after the source restarts); stats keep counting. */
  reset(): void {
    this.#pending = new Uint8Array(0);
    this.#synced = true;
    this.#lastCc.fill(-1);
    this.#duplicate.fill(0);
    this.#pes = new Array(PID_COUNT);
    this.#pat.reset();
    this.#pmt.reset();
    this.#patSection = undefined;
    this.#pmtSection = undefined;
    this.#patPackets = [];
    this.#programNumber = -1;
    this.#pmtPid = -1;
    this.#program = undefined;
  }

  /**
   * Handles packets starting in [at, limit) of bytes [.., end); returns where it stopped: at
   * `limit`, or earlier at a packet (or sync candidate) that needs bytes past `end`.
   */
  #scan(bytes: Uint8Array, at: number, end: number, limit: number): number {
    this.#runBuffer = bytes;
    this.#runStart = at;
    while (at < limit) {
      if (this.#synced && bytes[at] === SYNC_BYTE) {
        if (at + PACKET_SIZE > end) break;
        this.#packet(bytes, at);
        at += PACKET_SIZE;
        continue;
      }
      // Lost sync: a sync candidate counts only when another sync byte follows one packet later.
      if (this.#synced) {
        this.#synced = false;
        this.stats.resyncs++;
      }
      this.#emitRun(at);
      let candidate = at;
      let waiting = false;
      while (candidate < limit) {
        if (bytes[candidate] === SYNC_BYTE) {
          if (candidate + PACKET_SIZE >= end) {
            waiting = true;
            break;
          }
          if (bytes[candidate + PACKET_SIZE] === SYNC_BYTE) break;
        }
        candidate++;
      }
      this.stats.resyncBytes += candidate - at;
      at = candidate;
      this.#runStart = at;
      if (waiting) break;
      if (at < limit) this.#synced = true;
    }
    this.#emitRun(at);
    return at;
  }

  /** Emits the packets run up to `end` (exclusive) of the current buffer. */
  #emitRun(end: number): void {
    if (end > this.#runStart) {
      this.#events.push({ type: 'packets', data: this.#runBuffer.subarray(this.#runStart, end) });
      this.#runStart = end;
    }
  }

  /** Runs for every packet: the header fields are read inline from its bytes 1 and 3
   *  (transport_error_indicator, payload_unit_start_indicator, PID, continuity_counter;
   *  ISO/IEC 13818-1 §2.4.3.2), the adaptation field through packet.ts. */
  #packet(bytes: Uint8Array, at: number): void {
    this.stats.packets++;
    const b1 = bytes[at + 1]!;
    // transport_error_indicator: the demodulator marked it damaged; pass it on, trust nothing in it.
    if ((b1 & 0x80) !== 0) {
      this.stats.transportErrors++;
      return;
    }
    const pid = ((b1 & 0x1f) << 8) | bytes[at + 2]!;
    if (pid === NULL_PID) return;
    const b3 = bytes[at + 3]!;
    // continuity_counter increments only on packets with payload (§2.4.3.3).
    if ((b3 & 0x10) === 0) return;
    const cc = b3 & 0x0f;
    const last = this.#lastCc[pid]!;
    this.#lastCc[pid] = cc;
    if (last >= 0 && cc !== ((last + 1) & 0x0f) && !discontinuity(bytes, at)) {
      // One repeat of a packet is legal (§2.4.3.3) and carries nothing new: skip it.
      if (cc === last && this.#duplicate[pid] === 0) {
        this.#duplicate[pid] = 1;
        return;
      }
      this.stats.continuityErrors++;
    }
    this.#duplicate[pid] = 0;
    const payload = payloadOffset(bytes, at);
    if (payload < 0 || payload >= PACKET_SIZE) return;
    // payload_unit_start_indicator: a PES packet or a PSI section starts in this payload.
    const unitStart = (b1 & 0x40) !== 0;
    if (pid === PAT_PID) this.#onPat(bytes, at, at + payload, unitStart);
    else if (pid === this.#pmtPid) this.#onPmt(bytes, at, at + payload, unitStart);
    else {
      const pes = this.#pes[pid];
      if (pes !== undefined) this.#onPes(pes, bytes, at, at + payload, unitStart);
    }
  }

  #onPes(pes: PesState, bytes: Uint8Array, at: number, payload: number, unitStart: boolean): void {
    const end = at + PACKET_SIZE;
    if (unitStart) {
      // The previous unit ends before this packet: announce it before the packet is emitted.
      if (pes.active) {
        if (pes.collecting) this.#malformed(pes);
        else this.#complete(pes, 'next-unit', at);
      }
      pes.active = true;
      pes.endedByStuffing = false;
      pes.byteLength = end - payload;
      pes.randomAccess = randomAccess(bytes, at);
      if (pes.scan !== null) resetNalScan(pes.scan);
      // The header is usually whole in the first packet; when not, collect it.
      const result = parsePesHeader(bytes, payload, end, this.#header);
      if (result === PesParse.NeedMore) {
        pes.header ??= new Uint8Array(PES_MAX_HEADER);
        pes.header.set(bytes.subarray(payload, end));
        pes.headerFill = end - payload;
        pes.collecting = true;
        return;
      }
      if (result === PesParse.Malformed || !this.#startUnit(pes)) {
        this.#malformed(pes);
        return;
      }
      this.#onEsBytes(pes, bytes, payload + this.#header.headerLength, end);
    } else if (pes.collecting) {
      pes.byteLength += end - payload;
      const header = pes.header!;
      const before = pes.headerFill;
      const n = Math.min(end - payload, PES_MAX_HEADER - before);
      header.set(bytes.subarray(payload, payload + n), before);
      pes.headerFill = before + n;
      const result = parsePesHeader(header, 0, pes.headerFill, this.#header);
      if (result === PesParse.NeedMore && pes.headerFill < PES_MAX_HEADER) return;
      if (result !== PesParse.Ok || !this.#startUnit(pes)) {
        this.#malformed(pes);
        return;
      }
      pes.collecting = false;
      this.#onEsBytes(pes, bytes, payload + this.#header.headerLength - before, end);
    } else if (pes.active) {
      pes.byteLength += end - payload;
      this.#onEsBytes(pes, bytes, payload, end);
    } else if (pes.endedByStuffing) {
      // The PES went on after its padded packet: padding does not mark ends on this PID.
      pes.endedByStuffing = false;
      pes.trustStuffing = false;
      this.stats.stuffingMisses++;
    }
    if (pes.active && pes.totalLength === 0 && !pes.collecting && pes.trustStuffing) {
      if (this.#stuffingEnds && adaptationStuffing(bytes, at)) {
        this.stats.stuffingEnds++;
        this.#complete(pes, 'stuffing', end);
        pes.endedByStuffing = true;
      }
    }
  }

  /** Elementary stream bytes [from, end) of the active unit, in its last packet so far. */
  #onEsBytes(pes: PesState, bytes: Uint8Array, from: number, end: number): void {
    const scan = pes.scan;
    if (scan !== null && !scan.done && from < end) scanNalUnits(scan, bytes, from, end);
    if (pes.payload !== null && from < end) appendPayload(pes, bytes, from, end);
    if (pes.totalLength !== 0 && pes.byteLength >= pes.totalLength) this.#complete(pes, 'length', end);
  }

  /** Takes timestamps and length from the parsed header; false when the unit is unusable. */
  #startUnit(pes: PesState): boolean {
    const header = this.#header;
    // A unit without PTS cannot be placed on the timeline (FFmpeg always writes one).
    if (header.pts < 0) return false;
    const dts = unwrapTimestamp(header.dts, pes.reference);
    pes.reference = dts;
    pes.dts = dts;
    pes.pts = unwrapTimestamp(header.pts, dts);
    pes.totalLength = header.totalLength;
    pes.payloadFill = 0;
    pes.payloadLimit =
      header.totalLength === 0 ? Number.POSITIVE_INFINITY : header.totalLength - header.headerLength;
    if (header.totalLength === 0) this.stats.pesWithoutLength++;
    return true;
  }

  #malformed(pes: PesState): void {
    this.stats.pesErrors++;
    pes.active = false;
    pes.collecting = false;
  }

  /** Ends the active unit; `cut` is where the packets run must end before the event. */
  #complete(pes: PesState, endedBy: AccessUnit['endedBy'], cut: number): void {
    this.#emitRun(cut);
    pes.active = false;
    if (pes.totalLength === 0 && pes.byteLength <= PES_MAX_TOTAL_LENGTH) this.stats.pesLengthLeftOut++;
    const scan = pes.scan;
    if (scan !== null) {
      finishNalScan(scan);
      const sets = scan.sets;
      if (sets !== null && !sameParameterSets(sets, pes.sets)) {
        pes.sets = sets;
        this.#events.push({ type: 'parameter-sets', pid: pes.stream.pid, sets });
      }
    }
    if (scan !== null && !scan.keyframe && pes.randomAccess && pes.stream.codec === StreamCodec.H264) {
      this.stats.nonIdrKeyframes++;
    }
    const unit: AccessUnit = {
      pid: pes.stream.pid,
      codec: pes.stream.codec,
      pts: pes.pts,
      dts: pes.dts,
      keyframe: scan !== null ? scan.keyframe || pes.randomAccess : true,
      byteLength: pes.totalLength !== 0 ? Math.min(pes.byteLength, pes.totalLength) : pes.byteLength,
      arrival: this.#arrival,
      endedBy,
    };
    // A copy of exactly the unit's bytes; the buffer is reused for the next unit.
    if (pes.payload !== null) unit.payload = pes.payload.slice(0, pes.payloadFill);
    this.#events.push({ type: 'access-unit', unit });
  }

  #onPat(bytes: Uint8Array, at: number, payload: number, unitStart: boolean): void {
    const section = this.#pat.push(bytes, at, payload, unitStart);
    if (section === undefined || sameBytes(section, this.#patSection)) return;
    if (!validSection(section, TABLE_ID_PAT)) return;
    this.#patSection = section.slice();
    this.#patPackets = this.#pat.packets.slice();
    const program = parsePat(section);
    if (program === undefined) return;
    this.#programNumber = program.programNumber;
    if (program.pmtPid !== this.#pmtPid) {
      this.#pmtPid = program.pmtPid;
      this.#pmtSection = undefined;
      this.#pmt.reset();
    }
  }

  #onPmt(bytes: Uint8Array, at: number, payload: number, unitStart: boolean): void {
    const section = this.#pmt.push(bytes, at, payload, unitStart);
    if (section === undefined || sameBytes(section, this.#pmtSection)) return;
    if (!validSection(section, TABLE_ID_PMT)) return;
    const pmt = parsePmt(section);
    if (pmt === undefined || pmt.programNumber !== this.#programNumber) return;
    this.#pmtSection = section.slice();
    const current = this.#program;
    if (
      current !== undefined &&
      current.programNumber === pmt.programNumber &&
      current.pmtPid === this.#pmtPid &&
      current.pcrPid === pmt.pcrPid &&
      sameStreams(current.streams, pmt.streams)
    ) {
      return;
    }
    const program: ProgramInfo = {
      programNumber: pmt.programNumber,
      pmtPid: this.#pmtPid,
      pcrPid: pmt.pcrPid,
      streams: pmt.streams,
      psi: concatBytes([...this.#patPackets, ...this.#pmt.packets]),
    };
    this.#program = program;
    const states: (PesState | undefined)[] = new Array(PID_COUNT);
    for (const stream of pmt.streams) {
      const old = this.#pes[stream.pid];
      states[stream.pid] =
        old !== undefined && old.stream.streamType === stream.streamType
          ? old
          : newPesState(stream, this.#payloads.includes(stream.codec));
    }
    // A stream that left the program will send nothing more: its last unit is as whole as it gets.
    for (const old of current?.streams ?? []) {
      const state = this.#pes[old.pid];
      if (state?.active && states[old.pid] !== state) {
        if (state.collecting) this.#malformed(state);
        else this.#complete(state, 'flush', at);
      }
    }
    this.#pes = states;
    this.#emitRun(at + PACKET_SIZE);
    this.#events.push({ type: 'program', program });
  }
}

function newPesState(stream: ElementaryStream, payloads: boolean): PesState {
  return {
    stream,
    active: false,
    header: undefined,
    headerFill: 0,
    collecting: false,
    pts: 0,
    dts: 0,
    randomAccess: false,
    byteLength: 0,
    totalLength: 0,
    scan:
      stream.codec === StreamCodec.H264
        ? newNalScan(VideoCodec.H264)
        : stream.codec === StreamCodec.HEVC
          ? newNalScan(VideoCodec.HEVC)
          : null,
    reference: Number.NaN,
    endedByStuffing: false,
    trustStuffing: true,
    sets: undefined,
    payload: payloads ? new Uint8Array(4096) : null,
    payloadFill: 0,
    payloadLimit: Number.POSITIVE_INFINITY,
  };
}

/** Appends elementary stream bytes [from, end) to the unit's payload, up to its PES length. */
function appendPayload(pes: PesState, bytes: Uint8Array, from: number, end: number): void {
  const n = Math.min(end - from, pes.payloadLimit - pes.payloadFill);
  if (n <= 0) return;
  let buffer = pes.payload!;
  if (pes.payloadFill + n > buffer.length) {
    const grown = new Uint8Array(Math.max(2 * buffer.length, pes.payloadFill + n));
    grown.set(buffer.subarray(0, pes.payloadFill));
    buffer = grown;
    pes.payload = grown;
  }
  buffer.set(bytes.subarray(from, from + n), pes.payloadFill);
  pes.payloadFill += n;
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameStreams(a: readonly ElementaryStream[], b: readonly ElementaryStream[]): boolean {
  return a.length === b.length && a.every((s, i) => s.pid === b[i]!.pid && s.streamType === b[i]!.streamType);
}
