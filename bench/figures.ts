// Shared by the bench modules: percentiles and the "figure beside its reference, as a ratio" line.

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export const p50 = (samples: readonly number[]) => percentile(samples, 50);

export function ratio(ours: number, reference: number): string {
  return `${(ours / Math.max(reference, 1e-9)).toFixed(2)}×`;
}

/** `label: p50 X ms (reference p50 Y ms; ratio Z×)`. */
export function besides(label: string, ours: readonly number[], referenceLabel: string, reference: readonly number[]): string {
  return `  ${label}: p50 ${p50(ours).toFixed(1)} ms (${referenceLabel}: p50 ${p50(reference).toFixed(1)} ms; ratio ${ratio(p50(ours), p50(reference))})`;
}

/** `BENCH_QUICK=1` runs every part shorter, for a quick check; the figures are then rougher. */
export const quick = process.env.BENCH_QUICK === '1';
