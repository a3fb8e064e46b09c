import type { FrameCodeLayout, TimestampsDocument, TimestampsStreamInfo } from '../hls/timestamps.js';
import { FrameCodeIndex } from './frame-code-index.js';

export interface MediaTimes {
  capture: number;
  publish: number;
}

/**
 * What the browser client knows from the server's `/timestamps.json` (an llhls origin publishes
 * it; other servers do not, and then every figure falls back to PROGRAM-DATE-TIME): capture and
 * publish times of parts and segments, and the frame-code index. Pure; fed by the poller.
 */
export class TimestampsView {
  readonly stream: TimestampsStreamInfo;
  readonly frameCode: FrameCodeLayout | null;
  readonly codes: FrameCodeIndex | null;
  readonly #media = new Map<string, MediaTimes>();

  constructor(first: TimestampsDocument) {
    this.stream = first.stream;
    this.frameCode = first.stream.frameCode;
    this.codes = this.frameCode === null ? null : new FrameCodeIndex(this.frameCode.bits);
    this.add(first);
  }

  add(doc: TimestampsDocument): void {
    this.codes?.add(doc);
    for (const segment of doc.segments) {
      if (segment.complete)
        this.#media.set(key(segment.msn, null), { capture: segment.capture, publish: segment.publish });
      for (const part of segment.parts) {
        this.#media.set(key(part.msn, part.part), { capture: part.capture, publish: part.publish });
      }
    }
    // A live window is small; a few thousand entries cover minutes of parts after they leave it.
    const excess = this.#media.size - 5000;
    if (excess > 0) {
      let i = 0;
      for (const k of this.#media.keys()) {
        if (i++ >= excess) break;
        this.#media.delete(k);
      }
    }
  }

  media(msn: number, part: number | null): MediaTimes | null {
    return this.#media.get(key(msn, part)) ?? null;
  }
}

function key(msn: number, part: number | null): string {
  return part === null ? `${msn}` : `${msn}.${part}`;
}

/** A minimal shape check: a server that serves something else at /timestamps.json is ignored. */
export function isTimestampsDocument(value: unknown): value is TimestampsDocument {
  const doc = value as Partial<TimestampsDocument> | null;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    typeof doc.schema === 'string' &&
    doc.schema.startsWith('llhls.timestamps/') &&
    typeof doc.stream === 'object' &&
    Array.isArray(doc.segments)
  );
}
