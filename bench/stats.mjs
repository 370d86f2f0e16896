export function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Times `fn` call by call: warm-up first (JIT, lazily compiled regexes), then bounded samples. */
export function timeCalls(fn, { warmup = 30, minSamples = 200, maxSamples = 2000, budgetMs = 1500 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < maxSamples && (samples.length < minSamples || performance.now() < deadline)) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return {
    samples: samples.length,
    medianMs: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    minMs: Math.min(...samples),
    meanMs: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}
