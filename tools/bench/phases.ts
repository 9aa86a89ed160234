import { rawHashRate } from './costs.ts';
import type { EndpointName, LoadData } from './endpoints.ts';
import { requestsFor } from './endpoints.ts';
import { assertClean, runLoad, type RunResult } from './load.ts';
import { runPacedApart, type PacedRun } from './paced.ts';
import {
  smokeCheck,
  startPeer,
  stopPeer,
  type PeerContext,
  type PeerDef,
  type RunningPeer,
  type PeerId,
} from './peer-control.ts';
import {
  coreTicks,
  cpuSeconds,
  onCpu,
  SERVER_CPU,
  threadCpu,
  threadCpuSince,
  waitIdle,
  type ThreadCpu,
} from './processes.ts';
import type { BenchReport } from './report.ts';
import { cpuProbeMs, fmtMs, fmtRate, mean, type Sample } from './stats.ts';

/** How long and how hard: one object so `--quick` can shrink everything. */
export interface Plan {
  readonly rounds: number;
  readonly connections: number;
  /**
   * Closed-loop load before each measured run, by endpoint (every peer alike): long enough for
   * V8 to finish optimizing the path, so a run measures the server as it runs for hours.
   */
  readonly warmupSeconds: Readonly<Record<EndpointName, number>>;
  readonly seconds: Readonly<Record<EndpointName, number>>;
  readonly fixedRateSeconds: number;
  /** Steady-rate runs in a row; the p99 reported is their median. */
  readonly pacedRuns: number;
  /**
   * Back-to-back closed-loop triples on the warm servers of the fixed-rate phase (ours' GET by
   * id, bare Hono's hello, the lean peer's GET by id); the GET ratio is their median.
   */
  readonly pairedRuns: number;
}

/** A progress line on stdout, stamped with the time. */
export const log = (line: string): void => {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
};

/** What one measured run gives: the load's result and the server's CPU use during it. */
interface Measured {
  readonly run: RunResult;
  readonly serverCpu: number;
  readonly probeMs: number;
  /** The CPU seconds of the listening process's threads during the run, by group. */
  readonly threads: ThreadCpu;
  /** From `withRawAround`: the raw PBKDF2 rate of the server core just before and after. */
  readonly rawHashRate?: number;
  /** How many more runs were made because the server was under-busy (`SATURATED`); 0 mostly. */
  readonly remeasured: number;
}

/**
 * The server's share of a closed-loop run under which the run measured something else: the
 * load generator's core or the hypervisor (a stolen server core counts as idle here). Such a
 * run is measured again, at most `SATURATION_RETRIES` times, and the most saturated attempt
 * is kept; the report counts them.
 */
export const SATURATED = 0.9;
export const SATURATION_RETRIES = 2;

/**
 * The endpoints bound by PBKDF2, and the peers whose runs of them get the raw rate measured
 * around them: ours, its floor and the floor with no writes (the ceiling).
 */
const HASH_BOUND: readonly EndpointName[] = ['register', 'token'];
const HASH_FLOORED: readonly PeerId[] = ['ours', 'lean', 'no-writes'];

/** Seconds of raw hashing before and after such a run: the host's speed of that moment. */
const RAW_AROUND_SECONDS = 1.5;

/**
 * The raw PBKDF2 rate around `run`: measured on the server core (the server idle) right
 * before and right after, averaged, so the fraction compares the run with the host's speed
 * of the same minute, not of the start and end of the whole benchmark.
 */
async function withRawAround(pid: number, run: () => Promise<Measured>): Promise<Measured> {
  await waitIdle(pid);
  const before = rawHashRate(RAW_AROUND_SECONDS);
  const measured = await run();
  await waitIdle(pid);
  const after = rawHashRate(RAW_AROUND_SECONDS);
  const around = mean([before, after].filter((r): r is number => r !== undefined));
  return around === undefined ? measured : { ...measured, rawHashRate: around };
}

/**
 * The re-measure rule of both kinds of run (saturation, generator lag): while the kept run is
 * `short` of what a run must be, `attempt` another, at most `retries` times, keeping the
 * `better` of the two; `remeasured` counts the attempts made after the first.
 */
async function measureAgain<T extends { readonly remeasured: number }>(
  first: T,
  attempt: () => Promise<T>,
  rule: {
    readonly retries: number;
    readonly short: (run: T) => boolean;
    readonly better: (a: T, b: T) => boolean;
    readonly say: (run: T) => string;
  },
): Promise<T> {
  let kept = first;
  for (let retry = 1; retry <= rule.retries && rule.short(kept); retry++) {
    log(rule.say(kept));
    const again = await attempt();
    kept = { ...(rule.better(again, kept) ? again : kept), remeasured: retry };
  }
  return kept;
}

/**
 * Warm-up (unless the server is `warm` already), then one measured run with the server's CPU
 * use (its process tree's, and by thread the listening process's); any failure throws.
 */
export async function measure(
  plan: Plan,
  peer: RunningPeer,
  endpoint: EndpointName,
  data: LoadData,
  { warm = false }: { warm?: boolean } = {},
): Promise<Measured> {
  const name = `${peer.def.id} ${endpoint}`;
  const pid = peer.started.pid;
  const base = { url: peer.url, endpoint, data, connections: plan.connections };
  if (!warm) {
    await waitIdle(pid);
    assertClean(
      `${name} (warm-up)`,
      await runLoad({ ...base, seconds: plan.warmupSeconds[endpoint] }),
      false,
    );
  }
  const measured = async (): Promise<Measured> => {
    await waitIdle(pid);
    const probeMs = cpuProbeMs();
    const cpuBefore = cpuSeconds(pid);
    const threadsBefore = threadCpu(peer.serverPid);
    const started = performance.now();
    const run = await runLoad({ ...base, seconds: plan.seconds[endpoint] });
    const serverCpu = (cpuSeconds(pid) - cpuBefore) / ((performance.now() - started) / 1000);
    const threads = threadCpuSince(threadsBefore, threadCpu(peer.serverPid));
    return { run, serverCpu, probeMs, threads, remeasured: 0 };
  };
  let result = await measured();
  // A run without a single answer and without a failure is a stall (seen on a busy shared
  // host, once, on the reference's register): measured again once, and said so; a failure
  // or a second stall still fails the benchmark.
  const { run: first } = result;
  if (first.requests === 0 && first.errors + first.timeouts + first.non2xx === 0) {
    log(`${name}: no answer at all in ${plan.seconds[endpoint]} s (a stall); measuring once more`);
    result = await measured();
  }
  result = await measureAgain(result, measured, {
    retries: SATURATION_RETRIES,
    short: (r) => r.serverCpu < SATURATED,
    better: (a, b) => a.serverCpu > b.serverCpu,
    say: (r) =>
      `${name}: the server was busy ${Math.round(r.serverCpu * 100)}% of the run, under ` +
      `${SATURATED * 100}%: measuring again`,
  });
  const { run, serverCpu, probeMs } = result;
  assertClean(name, run);
  log(
    `${name.padEnd(22)} ${fmtRate(run.rps).padStart(7)} req/s  p50 ${fmtMs(run.p50)} ms  ` +
      `p99 ${fmtMs(run.p99)} ms  cpu ${Math.round(serverCpu * 100)}%  probe ${fmtMs(probeMs)} ms`,
  );
  return result;
}

/**
 * The rounds: each peer started alone, smoke-checked, loaded on each of its endpoints, then
 * stopped; the peer order rotates by one each round. Answers the samples and peak RSS.
 */
export async function runRounds(
  plan: Plan,
  defs: readonly PeerDef[],
  ctx: PeerContext,
  data: LoadData,
): Promise<{ samples: Sample[]; peakRss: Partial<Record<PeerId, number>> }> {
  const samples: Sample[] = [];
  const peakRss: Partial<Record<PeerId, number>> = {};
  for (let round = 0; round < plan.rounds; round++) {
    const order = defs
      .map((_, i) => defs[(i + round) % defs.length])
      .filter((d) => d !== undefined);
    log(`round ${round + 1}/${plan.rounds}: ${order.map((d) => d.id).join(' → ')}`);
    for (const def of order) {
      const serverProbeMs = onCpu(0, 1, cpuProbeMs);
      const peer = await startPeer(def, ctx, `r${round}`);
      try {
        await smokeCheck(peer, data);
        for (const endpoint of def.endpoints) {
          const pid = peer.started.pid;
          const run = () => measure(plan, peer, endpoint, data);
          const measured =
            HASH_FLOORED.includes(def.id) && HASH_BOUND.includes(endpoint)
              ? await withRawAround(pid, run)
              : await run();
          samples.push({ round, peer: def.id, endpoint, serverProbeMs, ...measured });
        }
      } finally {
        const rss = await stopPeer(peer);
        peakRss[def.id] = Math.max(peakRss[def.id] ?? 0, rss);
      }
    }
  }
  return { samples, peakRss };
}

/**
 * How far behind its schedule the steady generator may fall in a run that counts, in ms. A
 * generator that falls behind (its own core stolen, its own collector) then sends the late
 * requests at once: a burst the server queues, which is not a steady load. Such a run is
 * measured again, at most `LAG_RETRIES` times, and the attempt with the least lag is kept; the
 * report counts them. The same for every peer on the schedule.
 */
export const GENERATOR_LAG_MS = 2;
export const LAG_RETRIES = 2;

/** One steady-rate run of a started peer, with the hypervisor's share of the server core. */
async function pacedRun(
  label: string,
  peer: RunningPeer,
  endpoint: EndpointName,
  data: LoadData,
  rate: number,
  seconds: number,
): Promise<PacedRun> {
  const [request] = requestsFor(endpoint, data);
  const attempt = async (): Promise<PacedRun> => {
    await waitIdle(peer.started.pid);
    const before = coreTicks(SERVER_CPU);
    const run = await runPacedApart(
      peer.url,
      request?.path ?? '/',
      request?.headers ?? {},
      rate,
      seconds,
    );
    const after = coreTicks(SERVER_CPU);
    if (run.failed > 0) throw new Error(`${label}: ${run.failed} failed requests`);
    const total = after.total - before.total;
    return { ...run, steal: total > 0 ? (after.steal - before.steal) / total : 0, remeasured: 0 };
  };
  return measureAgain(await attempt(), attempt, {
    retries: LAG_RETRIES,
    short: (r) => r.worstLag > GENERATOR_LAG_MS,
    better: (a, b) => a.worstLag < b.worstLag,
    say: (r) =>
      `${label}: the generator fell ${fmtMs(r.worstLag)} ms behind its schedule, over ` +
      `${GENERATOR_LAG_MS} ms: measuring again`,
  });
}

/** A closed-loop run of the back-to-back triples, as the report keeps it. */
export interface ClosedRun {
  readonly rps: number;
  readonly serverCpu: number;
  readonly remeasured: number;
}

/** One back-to-back triple: ours' GET by id, bare Hono's hello, the lean peer's GET by id. */
export interface PairedTriple {
  readonly ours: ClosedRun;
  readonly hono: ClosedRun | undefined;
  readonly lean: ClosedRun | undefined;
}

/**
 * `plan.pairedRuns` triples of closed-loop runs, back to back on servers already warm (ours'
 * GET by id, bare Hono's hello, the lean peer's GET by id; the order rotates each triple),
 * each measured again while under-busy as in the rounds. The rounds measure each peer minutes
 * apart, on whatever the shared host gave that minute; a triple's runs share a spell of it, so
 * the GET ratio is judged on the median of the triples' ratios (the rounds' beside it).
 */
async function pairedTriples(
  plan: Plan,
  lanes: readonly { readonly peer: RunningPeer; readonly endpoint: EndpointName }[],
  data: LoadData,
): Promise<PairedTriple[]> {
  const triples: PairedTriple[] = [];
  for (let i = 0; i < plan.pairedRuns; i++) {
    const runs = new Map<PeerId, ClosedRun>();
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[(i + k) % lanes.length];
      if (!lane) continue;
      const { run, serverCpu, remeasured } = await measure(plan, lane.peer, lane.endpoint, data, {
        warm: true,
      });
      runs.set(lane.peer.def.id, { rps: run.rps, serverCpu, remeasured });
    }
    const ours = runs.get('ours');
    if (!ours) throw new Error('back-to-back triple without a run of ours');
    triples.push({ ours, hono: runs.get('hono'), lean: runs.get('lean') });
  }
  return triples;
}

/**
 * GET by id (hit) at half our peak on a fresh start of our API, after a closed-loop warm-up:
 * once with autocannon's `overallRate`, then `plan.pacedRuns` times on the steady open-loop
 * schedule of `runPaced`; and on the same schedule, as floors of the measurement, bare Hono's
 * hello at our rate (what the harness and the host add) and the lean peer's GET by id at half
 * its own peak (the same load relative to its capacity as ours: what the kept libraries
 * alone give at half load). The three peers run side by side on the server core and their
 * steady runs alternate (ours, bare Hono, the lean peer, ours, …), so each run of ours has
 * floors measured through the same spell of the host: a tail is mostly the host's on a
 * shared machine (notes, sixth pass), and floors measured minutes apart would not show that.
 * Before the steady runs, the three warm peers also give the back-to-back closed-loop triples
 * of the GET ratio (`pairedTriples`).
 */
export async function fixedRate(
  plan: Plan,
  defs: { ours: PeerDef; hono: PeerDef | undefined; lean: PeerDef | undefined },
  ctx: PeerContext,
  data: LoadData,
  rates: { ours: number; lean: number },
): Promise<NonNullable<BenchReport['fixedRate']>> {
  const rate = rates.ours;
  log(`fixed rate: ${rate} req/s (half our peak) on get-hit; the lean peer at ${rates.lean}`);
  const seconds = plan.fixedRateSeconds;
  const connections = plan.connections;
  const started: RunningPeer[] = [];
  try {
    const ours = await startPeer(defs.ours, ctx, 'fixed');
    started.push(ours);
    const base = { url: ours.url, endpoint: 'get-hit' as const, data };
    const warmupSeconds = plan.warmupSeconds['get-hit'];
    const warmup = await runLoad({ ...base, connections, seconds: warmupSeconds });
    assertClean('fixed-rate warm-up', warmup, false);
    await waitIdle(ours.started.pid);
    const autocannon = await runLoad({ ...base, connections, seconds, overallRate: rate });
    assertClean('fixed rate (autocannon)', autocannon);
    log(`autocannon overallRate: p99 ${fmtMs(autocannon.p99)} ms`);
    /** A floor peer, started beside ours and warmed as ours was, closed-loop. */
    const floorLane = async (
      def: PeerDef,
      endpoint: EndpointName,
      label: string,
      laneRate: number,
    ) => {
      const peer = await startPeer(def, ctx, 'floor');
      started.push(peer);
      await runLoad({ url: peer.url, endpoint, data, connections, seconds: warmupSeconds });
      return { label, peer, endpoint, rate: laneRate, runs: [] as PacedRun[] };
    };
    const oursLane = {
      label: 'steady rate',
      peer: ours,
      endpoint: 'get-hit' as const,
      rate,
      runs: [] as PacedRun[],
    };
    const honoLane = defs.hono && (await floorLane(defs.hono, 'hello', 'floor (bare Hono)', rate));
    const leanLane = defs.lean && (await floorLane(defs.lean, 'get-hit', 'lean peer', rates.lean));
    const lanes = [oursLane, honoLane, leanLane].filter((lane) => lane !== undefined);
    const paired = await pairedTriples(plan, lanes, data);
    for (let i = 0; i < plan.pacedRuns; i++) {
      for (const { label, peer, endpoint, rate: laneRate, runs } of lanes) {
        runs.push(await pacedRun(label, peer, endpoint, data, laneRate, seconds));
      }
    }
    for (const { label, runs } of lanes) {
      const each = runs.map((r) => `${fmtMs(r.p99)} (steal ${Math.round(r.steal * 100)}%)`);
      log(`${label}: p99 ${each.join(' / ')} ms`);
    }
    return {
      rate,
      autocannon,
      paired,
      paced: oursLane.runs,
      floor: honoLane?.runs ?? [],
      lean: leanLane?.runs ?? [],
    };
  } finally {
    for (const peer of started) await stopPeer(peer);
  }
}
