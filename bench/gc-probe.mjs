// Loaded into a measured process with `node --import <this file>` (bench/measure-memory.ts): after
// every full (mark-compact) GC, appends one JSON line to the file named by LLHLS_GC_PROBE_FILE
// with what the process still holds then. RSS alone cannot tell a leak from V8's heap policy: V8
// grows and shrinks the committed heap in a sawtooth as it likes, while what survives a full GC
// (the old generation's live objects plus the ArrayBuffers and other memory outside the heap,
// where the statistics' typed-array columns live) only grows when something is kept.
//
// Plain JavaScript, not TypeScript: the measured process is the compiled CLI, run without tsx.
// Line: {"at": epoch ms, "oldGen": bytes, "newGen": bytes, "external": bytes, "arrayBuffers": bytes,
//        "rss": bytes}
import { openSync, writeSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.LLHLS_GC_PROBE_FILE;
if (file !== undefined && file !== '') {
  const fd = openSync(file, 'a');
  // The young generation is whatever was allocated since the GC (the observer runs just after
  // it): counted apart, so the retained figure is the old generation's live size.
  const YOUNG = new Set(['new_space', 'new_large_object_space']);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      let oldGen = 0;
      let newGen = 0;
      for (const space of getHeapSpaceStatistics()) {
        if (YOUNG.has(space.space_name)) newGen += space.space_used_size;
        else oldGen += space.space_used_size;
      }
      const memory = process.memoryUsage();
      const line = {
        at: Date.now(),
        oldGen,
        newGen,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        rss: memory.rss,
      };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}
