import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';
import type { EndpointName } from './endpoints.ts';
import type { RunResult } from './load.ts';
import type { PeerId } from './peer-control.ts';
import type { ThreadCpu } from './processes.ts';

/** One measured run of one round. */
export interface Sample {
  readonly round: number;
  readonly peer: PeerId;
  readonly endpoint: EndpointName;
  readonly run: RunResult;
  /** The server's CPU use during the run, in cores (1.0 = one core busy throughout). */
  readonly serverCpu: number;
  /** `cpuProbeMs()` on the generator core just before the run: how fast it was then. */
  readonly probeMs: number;
  /** `cpuProbeMs()` on the server core just before the peer started (it was idle then). */
  readonly serverProbeMs: number;
  /** CPU seconds of the server's threads during the run, by group (absent in older reports). */
  readonly threads?: ThreadCpu;
  /** For ours and the lean peer on register and token: the raw PBKDF2 rate of the server core around the run. */
  readonly rawHashRate?: number;
  /** How many more runs of it were made because the server was under-busy (absent in older reports). */
  readonly remeasured?: number;
}

/**
 * Times a fixed integer loop (~30 ms on an idle EPYC core) in this process: a shared or
 * throttled host shows as a longer time. Cheap enough to run before every measured run.
 */
export function cpuProbeMs(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 8_000_000; i++) x = (x + i * 7) % 1_000_003;
  const ms = performance.now() - started;
  return x < 0 ? Number.NaN : ms;
}

/** The rounds of one peer × endpoint, summarised. */
export interface Cell {
  readonly peer: PeerId;
  readonly endpoint: EndpointName;
  readonly rounds: number;
  readonly rps: { readonly median: number; readonly min: number; readonly max: number };
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  readonly serverCpu: number;
}

/** The mean of a list; undefined when it is empty. */
export function mean(values: readonly number[]): number | undefined {
  return values.length > 0 ? values.reduce((sum, v) => sum + v, 0) / values.length : undefined;
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Groups the samples by peer × endpoint: median req/s with min and max, median latencies. */
export function summarise(samples: readonly Sample[]): Cell[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.peer}\u0000${s.endpoint}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    if (!first) throw new Error('empty group');
    const rps = group.map((s) => s.run.rps);
    return {
      peer: first.peer,
      endpoint: first.endpoint,
      rounds: group.length,
      rps: { median: median(rps), min: Math.min(...rps), max: Math.max(...rps) },
      p50: median(group.map((s) => s.run.p50)),
      p99: median(group.map((s) => s.run.p99)),
      failures: group.reduce((n, s) => n + s.run.errors + s.run.timeouts + s.run.non2xx, 0),
      serverCpu: median(group.map((s) => s.serverCpu)),
    };
  });
}

/**
 * Where the server's CPU went per request under one endpoint, in ms (medians over the rounds
 * that recorded their threads): the hash threads (libuv's pool), the main thread in user and
 * kernel mode, V8's helpers and the rest; with `busy`, the cores used (1 = one core busy).
 */
export interface CoreSplit {
  readonly pool: number;
  readonly mainUser: number;
  readonly mainSystem: number;
  readonly v8: number;
  readonly other: number;
  readonly total: number;
  readonly busy: number;
  /** The raw ms per hash measured around the runs, where it was (median). */
  readonly rawMs: number | undefined;
}

export function coreSplit(
  samples: readonly Sample[],
  peer: PeerId,
  endpoint: EndpointName,
): CoreSplit | undefined {
  const perRequest = samples.flatMap((s) =>
    s.peer === peer && s.endpoint === endpoint && s.threads && s.run.requests > 0
      ? [{ threads: s.threads, ms: 1000 / s.run.requests, busy: s.serverCpu, raw: s.rawHashRate }]
      : [],
  );
  const raws = perRequest.flatMap((r) => (r.raw ? [1000 / r.raw] : []));
  if (perRequest.length === 0) return undefined;
  const of = (group: keyof ThreadCpu) => median(perRequest.map((r) => r.threads[group] * r.ms));
  const split = {
    pool: of('pool'),
    mainUser: of('mainUser'),
    mainSystem: of('mainSystem'),
    v8: of('v8'),
    other: of('other'),
  };
  return {
    ...split,
    total: median(
      perRequest.map(
        ({ threads: t, ms }) => (t.pool + t.mainUser + t.mainSystem + t.v8 + t.other) * ms,
      ),
    ),
    busy: median(perRequest.map((r) => r.busy)),
    rawMs: raws.length > 0 ? median(raws) : undefined,
  };
}

/**
 * A peer's rate ÷ the raw PBKDF2 rate on a hash-bound endpoint: each run's rate over the raw
 * rate measured around that run, median over the rounds; undefined when no run has one.
 */
export function hashFraction(
  samples: readonly Sample[],
  peer: PeerId,
  endpoint: EndpointName,
): number | undefined {
  const fractions = samples.flatMap((s) =>
    s.peer === peer && s.endpoint === endpoint && s.rawHashRate ? [s.run.rps / s.rawHashRate] : [],
  );
  return fractions.length > 0 ? median(fractions) : undefined;
}

/** The cell of a peer × endpoint, if it was measured. */
export function cellOf(
  cells: readonly Cell[],
  peer: PeerId,
  endpoint: EndpointName,
): Cell | undefined {
  return cells.find((c) => c.peer === peer && c.endpoint === endpoint);
}

/** The machine the numbers come from. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
}

/** Reads the CPU model, cores, memory, Node and OS from /proc, /etc/os-release and `os`. */
export function machineInfo(): MachineInfo {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const cpuinfo = read('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const processors = cpuinfo.match(/^processor\s*:/gm)?.length ?? availableParallelism();
  const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1];
  const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(read('/etc/os-release'))?.[1] ?? 'Linux';
  return {
    cpu: `${model}${mhz ? ` (${Math.round(Number(mhz))} MHz)` : ''}`,
    cores: processors,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${pretty}, kernel ${release()}`,
  };
}

/** `1234.5` → `1 235`; small numbers keep one decimal. */
export function fmtRate(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100
    ? Math.round(value).toLocaleString('en-US').replaceAll(',', ' ')
    : value.toFixed(1);
}

/** Milliseconds with two decimals under 10 ms, one under 100, none above. */
export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 10) return value.toFixed(2);
  return value < 100 ? value.toFixed(1) : Math.round(value).toString();
}

/** A ratio as `0.42×`. */
export function fmtRatio(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : '–';
}

/** Bytes as MiB with one decimal. */
export function fmtMiB(bytes: number): string {
  return bytes > 0 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '–';
}

/** `28.7–42.6 ms (median 29.3; 2 of 39 over +25%, rounds 1, 3)` for one probe of the samples. */
export function probeText(samples: readonly Sample[], probe: (s: Sample) => number): string {
  const values = samples.map(probe);
  const min = Math.min(...values);
  const slow = samples.filter((s) => probe(s) > min * 1.25);
  const rounds = [...new Set(slow.map((s) => s.round + 1))].join(', ');
  return (
    `${fmtMs(min)}–${fmtMs(Math.max(...values))} ms (median ${fmtMs(median(values))}; ` +
    `${slow.length} of ${values.length} runs over +25%${slow.length > 0 ? `, round ${rounds}` : ''})`
  );
}
