import type { EndpointName, LoadData } from './endpoints.ts';
import { requestsFor } from './endpoints.ts';
import { assertClean, runLoad, runPaced, type PacedResult, type RunResult } from './load.ts';
import {
  smokeCheck,
  startPeer,
  stopPeer,
  type PeerContext,
  type PeerDef,
  type PeerId,
} from './peer-control.ts';
import { cpuSeconds, onCpu, waitIdle } from './processes.ts';
import type { BenchReport } from './report.ts';
import { cpuProbeMs, fmtMs, fmtRate, type Sample } from './stats.ts';

/** How long and how hard: one object so `--quick` can shrink everything. */
export interface Plan {
  readonly rounds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: Readonly<Record<EndpointName, number>>;
  readonly fixedRateSeconds: number;
  /** Steady-rate runs in a row; the p99 reported is their median. */
  readonly pacedRuns: number;
}

/** A progress line on stdout, stamped with the time. */
export const log = (line: string): void => {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
};

/** Warm-up, then one measured run with the server's CPU use; any failure throws. */
export async function measure(
  plan: Plan,
  label: string,
  url: string,
  pid: number,
  endpoint: EndpointName,
  data: LoadData,
): Promise<{ run: RunResult; serverCpu: number; probeMs: number }> {
  const name = `${label} ${endpoint}`;
  const base = { url, endpoint, data, connections: plan.connections };
  await waitIdle(pid);
  assertClean(`${name} (warm-up)`, await runLoad({ ...base, seconds: plan.warmupSeconds }), false);
  const measured = async () => {
    await waitIdle(pid);
    const probeMs = cpuProbeMs();
    const cpuBefore = cpuSeconds(pid);
    const started = performance.now();
    const run = await runLoad({ ...base, seconds: plan.seconds[endpoint] });
    const serverCpu = (cpuSeconds(pid) - cpuBefore) / ((performance.now() - started) / 1000);
    return { run, serverCpu, probeMs };
  };
  let { run, serverCpu, probeMs } = await measured();
  // A run without a single answer and without a failure is a stall (seen on a busy shared
  // host, once, on the reference's register): measured again once, and said so; a failure
  // or a second stall still fails the benchmark.
  if (run.requests === 0 && run.errors + run.timeouts + run.non2xx === 0) {
    log(`${name}: no answer at all in ${plan.seconds[endpoint]} s (a stall); measuring once more`);
    ({ run, serverCpu, probeMs } = await measured());
  }
  assertClean(name, run);
  log(
    `${name.padEnd(22)} ${fmtRate(run.rps).padStart(7)} req/s  p50 ${fmtMs(run.p50)} ms  ` +
      `p99 ${fmtMs(run.p99)} ms  cpu ${Math.round(serverCpu * 100)}%  probe ${fmtMs(probeMs)} ms`,
  );
  return { run, serverCpu, probeMs };
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
          const measured = await measure(plan, def.id, peer.url, pid, endpoint, data);
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

/** `count` steady-rate runs in a row (a tail is noisy: one run is not enough); any failure throws. */
async function pacedRuns(
  label: string,
  args: Parameters<typeof runPaced>,
  count: number,
): Promise<PacedResult[]> {
  const runs: PacedResult[] = [];
  for (let i = 0; i < count; i++) {
    const run = await runPaced(...args);
    if (run.failed > 0) throw new Error(`${label}: ${run.failed} failed requests`);
    runs.push(run);
  }
  log(`${label}: p99 ${runs.map((r) => fmtMs(r.p99)).join(' / ')} ms`);
  return runs;
}

/**
 * GET by id (hit) at `rate` req/s on a fresh start of our API, after a closed-loop warm-up:
 * once with autocannon's `overallRate`, then `plan.pacedRuns` times on the steady open-loop
 * schedule of `runPaced`; and on the same schedule, as floors of the measurement, bare Hono's
 * hello (what the harness adds) and the lean peer's GET by id (what the kept libraries add).
 */
export async function fixedRate(
  plan: Plan,
  defs: { ours: PeerDef; hono: PeerDef | undefined; lean: PeerDef | undefined },
  ctx: PeerContext,
  data: LoadData,
  rate: number,
): Promise<NonNullable<BenchReport['fixedRate']>> {
  log(`fixed rate: ${rate} req/s (half our peak) on get-hit`);
  const seconds = plan.fixedRateSeconds;
  const connections = plan.connections;
  const peer = await startPeer(defs.ours, ctx, 'fixed');
  let result: NonNullable<BenchReport['fixedRate']>;
  try {
    const base = { url: peer.url, endpoint: 'get-hit' as const, data };
    const warmup = await runLoad({ ...base, connections, seconds: plan.warmupSeconds * 2 });
    assertClean('fixed-rate warm-up', warmup, false);
    await waitIdle(peer.started.pid);
    const autocannon = await runLoad({ ...base, connections, seconds, overallRate: rate });
    assertClean('fixed rate (autocannon)', autocannon);
    log(`autocannon overallRate: p99 ${fmtMs(autocannon.p99)} ms`);
    await waitIdle(peer.started.pid);
    const [hit] = requestsFor('get-hit', data);
    const args = [peer.url, hit?.path ?? '/', hit?.headers ?? {}, rate, seconds] as const;
    const paced = await pacedRuns('steady rate', [...args], plan.pacedRuns);
    result = { rate, autocannon, paced, floor: [], lean: [] };
  } finally {
    await stopPeer(peer);
  }
  /** A floor peer on the same schedule, after a 1 s closed-loop warm-up. */
  const floorRuns = async (def: PeerDef, endpoint: EndpointName, label: string) => {
    const floor = await startPeer(def, ctx, 'floor');
    try {
      await runLoad({ url: floor.url, endpoint, data, connections, seconds: 1 });
      await waitIdle(floor.started.pid);
      const [request] = requestsFor(endpoint, data);
      const args = [
        floor.url,
        request?.path ?? '/',
        request?.headers ?? {},
        rate,
        seconds,
      ] as const;
      return await pacedRuns(label, [...args], plan.pacedRuns);
    } finally {
      await stopPeer(floor);
    }
  };
  return {
    ...result,
    floor: defs.hono ? await floorRuns(defs.hono, 'hello', 'floor (bare Hono)') : [],
    lean: defs.lean ? await floorRuns(defs.lean, 'get-hit', 'lean peer') : [],
  };
}
