/**
 * Continuity counters of the PSI packets in the packager's output. Every part begins with the
 * cached PAT+PMT, so PID 0 and the PMT PID carry more packets in the output than in the input;
 * renumbering all packets of those PIDs as they enter the output keeps their
 * continuity_counter sequence unbroken (ISO/IEC 13818-1 §2.4.3.3), so a demuxer reading a
 * segment or a run of parts sees no continuity error. Other PIDs pass through unchanged.
 */
export class PsiContinuity {
  readonly #next = new Map<number, number>();
  #pids: readonly number[] = [0];

  /** The PIDs whose counters are rewritten: PAT (0) and the PMT PID. */
  setPids(pids: readonly number[]): void {
    this.#pids = pids;
  }

  /** Rewrites, in place, the counters of PSI packets in whole 188-byte packets. */
  rewrite(packets: Uint8Array): void {
    const pids = this.#pids;
    for (let offset = 0; offset + 188 <= packets.length; offset += 188) {
      const pid = ((packets[offset + 1]! & 0x1f) << 8) | packets[offset + 2]!;
      if (!pids.includes(pid)) continue;
      const flags = packets[offset + 3]!;
      // Only packets with a payload advance the counter.
      if ((flags & 0x10) === 0) continue;
      const cc = this.#next.get(pid) ?? 0;
      packets[offset + 3] = (flags & 0xf0) | cc;
      this.#next.set(pid, (cc + 1) & 0x0f);
    }
  }
}
