/**
 * Peak memory of a timed region, for the bench children: the most V8 heap in use at any point of
 * the region (before each garbage collection, and at its end), above the heap in use at its start
 * after a full collection (children run with --expose-gc).
 *
 * Not the process's peak RSS: ts-node's compilation, before the region, peaks higher than a raw
 * synthesis of 1,000 objects ever does, so `maxRSS` would hide the region's own peak.
 */
import * as v8 from 'v8';

export interface HeapUse {
  /** Heap in use at the start, MB. */
  readonly baselineMb: number;
  /** Most heap in use during the region, MB. */
  readonly peakMb: number;
  /** Process peak RSS, MB (informational; includes the compilation before the region). */
  readonly maxRssMb: number;
}

const MB = 2 ** 20;

/** The runtime reports camelCase fields; @types/node declares snake_case ones. */
function used(stats: unknown): number {
  const s = stats as { usedHeapSize?: number; used_heap_size?: number };
  return s.usedHeapSize ?? s.used_heap_size ?? 0;
}

/** Starts watching; call the result at the end of the region, while its results are still referenced. */
export function watchHeap(): () => HeapUse {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = used(v8.getHeapStatistics());
  const profiler = new v8.GCProfiler();
  profiler.start();
  return () => {
    const end = used(v8.getHeapStatistics());
    const result = profiler.stop() as unknown as { statistics: Array<{ beforeGC: { heapStatistics: unknown } }> };
    const peak = Math.max(end, ...result.statistics.map((s) => used(s.beforeGC.heapStatistics)));
    return { baselineMb: baseline / MB, peakMb: peak / MB, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  };
}
