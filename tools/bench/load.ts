import autocannon, { type AutocannonResult } from 'autocannon';
import { requestsFor, type EndpointName, type LoadData } from './endpoints.ts';
import { quantile, Samples } from './samples.ts';

/** One measured (or warm-up) run against one endpoint of one peer. */
export interface RunResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  /** Exact percentiles of every response's time (ms), from autocannon's per-response events. */
  readonly p50: number;
  readonly p99: number;
  /** autocannon's own p99 (1 ms buckets; corrected for coordinated omission under a rate). */
  readonly autocannonP99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

/** Options of a run; connections are fixed and requests never pipelined. */
export interface RunOptions {
  readonly url: string;
  readonly endpoint: EndpointName;
  readonly data: LoadData;
  readonly seconds: number;
  readonly connections: number;
  /** autocannon `overallRate` (requests/s over all connections), for the fixed-rate run. */
  readonly overallRate?: number;
}

/**
 * Runs autocannon (programmatic, pipelining 1) for `seconds`, bounded by a hard timer that
 * stops it if it overruns. Latency percentiles are computed exactly from every 2xx response.
 */
export async function runLoad(options: RunOptions): Promise<RunResult> {
  const samples = new Samples();
  const started = performance.now();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        duration: options.seconds,
        timeout: 10,
        requests: requestsFor(options.endpoint, options.data),
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        renderProgressBar: false,
        renderResultsTable: false,
        renderLatencyTable: false,
      },
      (error, done) => {
        clearTimeout(guard);
        if (error) reject(error);
        else resolve(done);
      },
    );
    const guard = setTimeout(() => instance.stop(), (options.seconds + 15) * 1000);
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) samples.push(ms);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const sorted = samples.sorted();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / (result.duration > 0 ? result.duration : seconds),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    autocannonP99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}

/**
 * Throws when a run had any error, timeout or non-2xx answer (or, unless a warm-up, no answer
 * at all): the benchmark fails loudly.
 */
export function assertClean(label: string, run: RunResult, requireResponses = true): void {
  const failures = run.errors + run.timeouts + run.non2xx;
  if (failures === 0 && (run.requests > 0 || !requireResponses)) return;
  throw new Error(
    `${label}: ${run.errors} errors, ${run.timeouts} timeouts, ${run.non2xx} non-2xx, ` +
      `${run.requests} good responses; status codes ${JSON.stringify(run.statusCodes)}`,
  );
}
