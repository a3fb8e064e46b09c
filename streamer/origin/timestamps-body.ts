import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Segment } from '../packager/media-types.js';
import { buildTimestamps, type StreamDescription, timestampsSegment } from '../packager/timestamps-view.js';
import type { ServedWindow } from './served-media.js';
import type { EncodedBody } from './text-body.js';

/** A gzip member's header (RFC 1952 2.3): deflate, no flags, no mtime, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

/** A segment's JSON and what it was rendered from: a segment changes only by gaining parts, by
 *  completing, and by its duration. */
interface SegmentJson {
  parts: number;
  complete: boolean;
  duration: number;
  json: string;
}

interface Rendered {
  version: number;
  advertised: ServedWindow['advertised'];
  /** The stream description as JSON (a function of the input, read per request). */
  stream: string;
  /** The document up to and including `"serverTime":`. */
  head: Buffer;
  headCrc: number;
  /** `head` deflated (level 1), ending on a byte boundary (a sync flush) with no final block. */
  deflatedHead: Buffer;
}

/**
 * `/timestamps.json` for every fetch of one window version: the document is built, stringified
 * and compressed once per version, and each response appends only its own `serverTime` (the
 * schema's "server clock when the response was generated", the document's last member, so its
 * bytes end the body). The gzip form is one valid gzip member: the cached deflate stream ends
 * with a sync flush, the request's tail follows as a final stored block, then the CRC-32
 * (continued from the cached head's) and the length. A measure run's viewers share one copy and
 * refetch it after each part (~10 a second at 0.1 s parts), so a new version is mostly built for
 * one fetch: the JSON of each segment is kept until the segment changes (only the open one does),
 * and building a version stringifies one segment instead of the window's eleven. Each further
 * client process (Artillery workers, browsers) fetching the same version costs a splice.
 * @see https://www.rfc-editor.org/rfc/rfc1951#section-3.2.4 (stored blocks)
 * @see https://www.rfc-editor.org/rfc/rfc1952#section-2.3 (gzip member)
 */
export class TimestampsBodies {
  readonly #window: ServedWindow;
  #rendered: Rendered | null = null;
  readonly #segments = new WeakMap<Segment, SegmentJson>();

  constructor(window: ServedWindow) {
    this.#window = window;
  }

  /** The body of a response generated at `serverTime` (epoch ms). */
  get(stream: StreamDescription, serverTime: number): EncodedBody {
    const rendered = this.#render(stream);
    const tail = Buffer.from(`${JSON.stringify(serverTime)}}`);
    return {
      get bytes(): Buffer {
        return Buffer.concat([rendered.head, tail]);
      },
      get gzip(): Buffer {
        return gzipWithTail(rendered, tail);
      },
    };
  }

  #render(stream: StreamDescription): Rendered {
    const window = this.#window;
    const streamJson = JSON.stringify(stream);
    const cached = this.#rendered;
    if (
      cached !== null &&
      cached.version === window.version &&
      cached.advertised === window.advertised &&
      cached.stream === streamJson
    ) {
      return cached;
    }
    // buildTimestamps' document, its members in its order, less serverTime (last, per response).
    const {
      serverTime: _,
      segments: __,
      ...shell
    } = buildTimestamps(
      {
        advertised: window.advertised,
        segments: [],
        mediaSequence: window.mediaSequence,
        discontinuitySequence: window.discontinuitySequence,
      },
      stream,
      0,
    );
    const segments = window.segments.map((segment) => this.#segmentJson(segment)).join(',');
    const head = Buffer.from(`${JSON.stringify(shell).slice(0, -1)},"segments":[${segments}],"serverTime":`);
    this.#rendered = {
      version: window.version,
      advertised: window.advertised,
      stream: streamJson,
      head,
      headCrc: crc32(head),
      deflatedHead: deflateRawSync(head, { level: 1, finishFlush: constants.Z_SYNC_FLUSH }),
    };
    return this.#rendered;
  }

  #segmentJson(segment: Segment): string {
    const kept = this.#segments.get(segment);
    if (
      kept !== undefined &&
      kept.parts === segment.parts.length &&
      kept.complete === segment.complete &&
      kept.duration === segment.duration
    ) {
      return kept.json;
    }
    const json = JSON.stringify(timestampsSegment(segment));
    this.#segments.set(segment, {
      parts: segment.parts.length,
      complete: segment.complete,
      duration: segment.duration,
      json,
    });
    return json;
  }
}

/** header + cached deflate + the tail as a final stored block + CRC-32 and ISIZE. */
function gzipWithTail(rendered: Rendered, tail: Buffer): Buffer {
  const { deflatedHead } = rendered;
  const out = Buffer.allocUnsafe(GZIP_HEADER.length + deflatedHead.length + 5 + tail.length + 8);
  let at = GZIP_HEADER.copy(out, 0);
  at += deflatedHead.copy(out, at);
  // A stored block (RFC 1951 3.2.4): BFINAL=1, BTYPE=00, then LEN and its complement.
  out[at++] = 0x01;
  out.writeUInt16LE(tail.length, at);
  out.writeUInt16LE(~tail.length & 0xffff, at + 2);
  at += 4;
  at += tail.copy(out, at);
  out.writeUInt32LE(crc32(tail, rendered.headCrc), at);
  out.writeUInt32LE((rendered.head.length + tail.length) % 2 ** 32, at + 4);
  return out;
}
