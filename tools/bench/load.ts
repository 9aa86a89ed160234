import autocannon, { type AutocannonResult } from 'autocannon';
import { Agent, request } from 'node:http';
import { requestsFor, type EndpointName, type LoadData } from './endpoints.ts';

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

/** The `q` quantile (0–1) of an ascending array; nearest rank. */
export function quantile(sorted: Float64Array | readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Grows as responses come: a plain array of floats would box every number. */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
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

/** A run at a steady rate, scheduled on an even clock: the open-loop check of the p99. */
export interface PacedResult {
  readonly rate: number;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly achievedRps: number;
  readonly p50: number;
  readonly p99: number;
  /** The latest any request left after its scheduled instant (ms): the generator's slack. */
  readonly worstLag: number;
}

/** A steady run with the share of the server core's time the hypervisor took meanwhile. */
export interface PacedRun extends PacedResult {
  /** Steal (`/proc/stat`) over all time of the server core during the run, 0–1. */
  readonly steal: number;
  /** How many more runs were made because the generator fell behind (`GENERATOR_LAG_MS`). */
  readonly remeasured: number;
}

/**
 * Sends GET `path` at `rate` requests/s for `seconds`, each at its scheduled instant, over up
 * to `maxSockets` keep-alive connections. Open loop: the schedule never waits for answers, so
 * a stall delays no send (no coordinated omission); latency runs from the actual send, and
 * `worstLag` says how late the generator ever was. Bounded in count (rate × seconds) and
 * time (seconds + 10 s).
 */
export async function runPaced(
  url: string,
  path: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
  maxSockets = 32,
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(url);
  const total = Math.round(rate * seconds);
  const samples = new Samples();
  let sent = 0;
  let failed = 0;
  let settled = 0;
  const start = performance.now();
  let worstLag = 0;
  const fire = (scheduled: number) => {
    const sentAt = performance.now();
    worstLag = Math.max(worstLag, sentAt - scheduled);
    const req = request({ agent, hostname, port, path, headers, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) samples.push(performance.now() - sentAt);
        else failed++;
        settled++;
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      failed++;
      settled++;
    });
    req.end();
  };
  await new Promise<void>((resolve) => {
    const deadline = start + (seconds + 10) * 1000;
    const due = () => start + (sent * 1000) / rate;
    const tick = () => {
      const now = performance.now();
      while (sent < total && due() <= now) {
        fire(due());
        sent++;
      }
      if ((sent >= total && settled >= total) || now > deadline) resolve();
      // Spin (yielding to I/O) when the next send is near: timers are only 1 ms fine.
      else if (sent < total && due() - now < 1.5) setImmediate(tick);
      else setTimeout(tick, 1);
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = samples.sorted();
  return {
    rate,
    sent,
    ok: sorted.length,
    failed: failed + (sent - settled),
    achievedRps: sorted.length / elapsed,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    worstLag,
  };
}
