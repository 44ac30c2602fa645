// Summary statistics of learned parameters: what summary.json records per layer.

export interface ValueSummary {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Equal-width bins over [min, max]: counts[i] covers [edges[i], edges[i+1]). */
  histogram: { edges: number[]; counts: number[] };
}

export function summarize(values: ArrayLike<number>, bins = 20): ValueSummary {
  const n = values.length;
  let sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  // A constant parameter still gets one bin of width 0 around its value.
  const width = max > min ? (max - min) / bins : 0;
  const binCount = width > 0 ? bins : 1;
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < n; i++) counts[width > 0 ? Math.min(binCount - 1, Math.floor((values[i] - min) / width)) : 0]++;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (width > 0 ? min + i * width : i === 0 ? min : max));
  return { count: n, mean, std: Math.sqrt(sq / n), min, max, histogram: { edges, counts } };
}
