import type { ProgramInfo } from '../mpegts/types.js';
import { Container } from './container.js';
import { PartBuffer } from './part-buffer.js';
import type { PartItem, PartWriter, WrittenPart } from './part-writer.js';
import { PsiContinuity } from './psi-continuity.js';

/**
 * MPEG-TS parts: the demuxed packets pass through unchanged, every part begins with the cached
 * PAT+PMT so it can be demuxed alone, and the PSI continuity counters are renumbered. Bytes are
 * final as soon as they are committed (hint data for `--hint-streaming`).
 */
export class TsPartWriter implements PartWriter {
  readonly container = Container.Ts;
  readonly #bytes = new PartBuffer();
  readonly #continuity = new PsiContinuity();
  #psi: Uint8Array | null = null;

  program(program: ProgramInfo): void {
    this.#psi = program.psi;
    this.#continuity.setPids([0, program.pmtPid]);
  }

  packets(data: Uint8Array): PartItem {
    // The demuxer's view is only valid until its next push: copy (once, straight into the part).
    return data.slice();
  }

  unit(): null {
    return null;
  }

  begin(): Uint8Array | null {
    this.#bytes.begin();
    return this.#psi === null ? null : this.add(this.#psi);
  }

  add(item: PartItem): Uint8Array {
    const chunk = this.#bytes.append(item as Uint8Array);
    this.#continuity.rewrite(chunk);
    return chunk;
  }

  finish(): WrittenPart {
    return { bytes: this.#bytes.bytes(), tail: null };
  }

  discard(): number {
    // The bytes stay in the slab, unreferenced; the next part begins after them.
    return this.#bytes.length;
  }

  size(item: PartItem): number {
    return (item as Uint8Array).length;
  }

  startTimeline(): boolean {
    return true;
  }

  configChanged(): boolean {
    return false;
  }

  takeInit(): null {
    return null;
  }
}
