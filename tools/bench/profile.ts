import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_SERVER_ENTRY } from '../build-node.ts';
import type { EndpointName, LoadData } from './endpoints.ts';
import { runLoad } from './load.ts';
import { waitIdle } from './processes.ts';
import { fmtMs, fmtRate } from './stats.ts';
import { peerDefs, startPeer, stopPeer, type PeerContext, type PeerDef } from './peer-control.ts';

/** A CPU profile (V8 `.cpuprofile`), the fields the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A span of the monotonic clock in µs: what V8's profile timestamps and `process.hrtime` share. */
interface Window {
  readonly from: number;
  readonly to: number;
}

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Where the server's CPU time went under one endpoint's load. */
export interface ProfileSummary {
  readonly endpoint: EndpointName;
  readonly seconds: number;
  readonly rps: number;
  readonly totalMs: number;
  /** Whether only the samples of the measured load were kept (else the whole process life). */
  readonly windowed: boolean;
  /** Self time by origin: a package, a folder of src/, node core, V8/native, GC, idle. */
  readonly byOrigin: readonly { readonly name: string; readonly ms: number }[];
  /** The functions with the most self time. */
  readonly topSelf: readonly FrameTime[];
  /** Time charged to the innermost app (src/) frame on the stack. */
  readonly byAppFrame: readonly FrameTime[];
}

/** Time spent in a function (`where` is file:line, or an origin). */
export interface FrameTime {
  readonly name: string;
  readonly where: string;
  readonly ms: number;
}

/** A frame's file relative to the repo (`src/app.ts`, `node_modules/hono/…`), or its URL. */
function fileOf(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** The origin of a frame: `hono`, `src/kit/http`, `node core`, `(garbage collector)`. */
function originOf(url: string, functionName: string, root: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(V8 builtins / native)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  const file = fileOf(url, root);
  return /^(src\/[^/]+(?:\/[^/]+)?)\//.exec(file)?.[1] ?? file;
}

/** Sums `ms` under `key` in `map`. */
function add<K>(map: Map<K, number>, key: K, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/**
 * Self time per origin and per function, and each sample charged to the innermost frame of
 * our own code (src/) on its stack, so a library's time is charged to the app code that
 * called it synchronously; samples with no app frame are charged to the leaf's origin.
 */
export function summariseProfile(
  profile: CpuProfile,
  root: string,
  window?: Window,
): Pick<ProfileSummary, 'byOrigin' | 'topSelf' | 'byAppFrame' | 'totalMs' | 'windowed'> {
  const base = root.replace(/\/+$/, '');
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const select = (inWindow: boolean) => {
    const self = new Map<number, number>();
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      if (inWindow && window && (at < window.from || at > window.to)) return;
      add(self, id, delta / 1000);
    });
    return self;
  };
  let self = select(window !== undefined);
  const windowed = window !== undefined && self.size > 0;
  if (!windowed) self = select(false);
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byAppFrame = new Map<string, number>();
  const label = (frame: { functionName: string; url: string; lineNumber: number }) => {
    const file = fileOf(frame.url, base);
    const line = `:${frame.lineNumber + 1}`;
    const where = file ? `${file}${line}` : originOf('', frame.functionName, base);
    return `${frame.functionName || '(anonymous)'}\u0000${where}`;
  };
  let totalMs = 0;
  for (const [id, ms] of self) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    totalMs += ms;
    add(byOrigin, originOf(frame.url, frame.functionName, base), ms);
    add(byFunction, label(frame), ms);
    let app: number | undefined = id;
    while (
      app !== undefined &&
      !fileOf(nodes.get(app)?.callFrame.url ?? '', base).startsWith('src/')
    ) {
      app = parents.get(app);
    }
    const appFrame = app === undefined ? undefined : nodes.get(app)?.callFrame;
    add(
      byAppFrame,
      appFrame
        ? label(appFrame)
        : `(no app frame)\u0000${originOf(frame.url, frame.functionName, base)}`,
      ms,
    );
  }
  const list = (map: Map<string, number>, count: number) =>
    [...map]
      .map(([key, ms]) => {
        const [name = '', where = ''] = key.split('\u0000');
        return { name, where, ms };
      })
      .sort((a, b) => b.ms - a.ms)
      .slice(0, count);
  return {
    totalMs,
    windowed,
    byOrigin: [...byOrigin].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    topSelf: list(byFunction, 25),
    byAppFrame: list(byAppFrame, 25),
  };
}

/**
 * Runs our API under `node --cpu-prof <npm start's flags> src/cli.ts serve` (what `npm start` runs, plus the
 * profiler, from the sources rather than their build, so that each frame names its own file: the code is
 * the same once loaded), warms it as the measured runs are warmed, loads one endpoint for `seconds`, stops it so the profile is written,
 * and summarises where the CPU time went during the load only (V8's sample timestamps and
 * `process.hrtime` are both CLOCK_MONOTONIC, so start-up and shutdown are cut out).
 */
export async function profileOurs(
  ctx: PeerContext,
  data: LoadData,
  endpoint: EndpointName,
  load: { readonly warmupSeconds: number; readonly seconds: number; readonly connections: number },
): Promise<ProfileSummary> {
  const { warmupSeconds, seconds, connections } = load;
  const ours = peerDefs(ctx).find((d) => d.id === 'ours');
  if (!ours) throw new Error('no peer "ours"');
  const dir = join(ctx.tmpDir, `cpuprofile-${endpoint}`);
  mkdirSync(dir, { recursive: true });
  const profiled: PeerDef = {
    ...ours,
    command: (port, dbPath) => {
      const { argv, env } = ours.command(port, dbPath);
      const [node = process.execPath, ...rest] = argv;
      const sources = rest.map((arg) => (arg === NODE_SERVER_ENTRY ? 'src/cli.ts' : arg));
      return { argv: [node, '--cpu-prof', `--cpu-prof-dir=${dir}`, ...sources], env };
    },
  };
  const peer = await startPeer(profiled, ctx, `profile-${endpoint}`);
  let rps: number;
  let window: Window | undefined;
  try {
    await runLoad({ url: peer.url, endpoint, data, seconds: warmupSeconds, connections });
    await waitIdle(peer.started.pid);
    const from = nowMicros();
    rps = (await runLoad({ url: peer.url, endpoint, data, seconds, connections })).rps;
    window = { from, to: nowMicros() };
  } finally {
    await stopPeer(peer);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled server wrote no .cpuprofile');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  return { endpoint, seconds, rps, ...summariseProfile(profile, ctx.root, window) };
}

/** The summary as Markdown: by origin, by app frame, and the top self-time functions. */
export function renderProfile(profile: ProfileSummary): string[] {
  const busy = profile.totalMs - (profile.byOrigin.find((o) => o.name === '(idle)')?.ms ?? 0);
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)}%`;
  const perRequest = (busy / (profile.rps * profile.seconds)) * 1000;
  const lines = [
    `### CPU profile of our server under ${profile.endpoint} (${profile.seconds} s at ${fmtRate(profile.rps)} req/s with the profiler on)`,
    '',
    `${profile.windowed ? 'Samples of the measured load only' : 'Whole process life (start-up included)'}; percentages of the main thread's busy (non-idle) time, ${fmtMs(busy)} ms, i.e. about ${Math.round(perRequest)} µs per request. V8 samples the main thread by the clock: a call that blocks in the kernel (a commit's fsync) counts as busy in the function that made it, and work on other threads (the thread pool's password hashes) is not in it.`,
    '',
    'Self time by origin:',
    '',
    '| origin | self time |',
    '|---|--:|',
    ...profile.byOrigin
      .filter((o) => o.name !== '(idle)')
      .slice(0, 14)
      .map((o) => `| ${o.name} | ${pct(o.ms)} |`),
    '',
    'Time charged to the innermost frame of our code (src/) on the stack (what that code spent, libraries it called synchronously included; “no app frame” is time outside any app code: HTTP parsing, hono routing, promise plumbing, GC):',
    '',
    '| app frame | where | time |',
    '|---|---|--:|',
    ...profile.byAppFrame
      .filter((f) => f.where !== '(idle)')
      .slice(0, 15)
      .map((f) => `| \`${f.name}\` | ${f.where} | ${pct(f.ms)} |`),
    '',
    'Top functions by self time:',
    '',
    '| function | where | self time |',
    '|---|---|--:|',
    ...profile.topSelf
      .filter((f) => f.name !== '(idle)')
      .slice(0, 20)
      .map((f) => `| \`${f.name}\` | ${f.where} | ${pct(f.ms)} |`),
  ];
  return lines;
}
