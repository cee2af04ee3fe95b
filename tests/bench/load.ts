import autocannon, { type Options } from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses by status class, plus connection errors and timeouts. */
  statuses: Record<"2xx" | "3xx" | "4xx" | "5xx", number>;
  errors: number;
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function run(options: Options, latencies?: number[]) {
  return new Promise<import("autocannon").Result>((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    // autocannon's histogram has p90 and p97.5 but no p95: keep every latency and compute it.
    if (latencies)
      instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** A short warm-up (JIT, caches, pools), then the measured run; the same options for both. */
export async function load(
  options: Omit<Options, "duration">,
  { warmupSeconds = 1, seconds = 5 }: { warmupSeconds?: number; seconds?: number } = {},
): Promise<LoadResult> {
  await run({ timeout: 20, ...options, duration: warmupSeconds });
  const latencies: number[] = [];
  const result = await run({ timeout: 20, ...options, duration: seconds }, latencies);
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    total: result.requests.total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses: { "2xx": result["2xx"], "3xx": result["3xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
    errors: result.errors + result.timeouts,
  };
}
