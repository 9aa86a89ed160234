import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** Every child the benchmark started and has not yet stopped: the SIGINT handler's list. */
const live = new Set<ChildProcess>();

/** Whether `taskset` (util-linux) can pin processes here. */
export const hasTaskset: boolean = spawnSync('taskset', ['-p', String(process.pid)]).status === 0;

/** Pins this process (every thread) to one CPU: the load generator's core. */
export function pinSelf(cpu: number): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)]).status === 0;
}

/**
 * Runs `probe` with this process's main thread moved to `cpu` for the moment (the other threads
 * stay where they are), then moves it back to `home`: how fast the server core is right now.
 * Without taskset it just runs where it is.
 */
export function onCpu<T>(cpu: number, home: number, probe: () => T): T {
  if (!hasTaskset) return probe();
  spawnSync('taskset', ['-p', '-c', String(cpu), String(process.pid)]);
  try {
    return probe();
  } finally {
    spawnSync('taskset', ['-p', '-c', String(home), String(process.pid)]);
  }
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A server process the benchmark started. */
export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** The last lines of the child's stderr, for error messages. */
  readonly stderrTail: () => string;
}

/**
 * Starts `argv` (pinned to `cpu` with taskset where it exists), stdout to /dev/null (logs are
 * written, as in production, but not kept), stderr kept for diagnostics.
 */
export function startProcess(
  argv: readonly string[],
  env: Record<string, string>,
  port: number,
  cpu: number,
  cwd: string,
): Started {
  const [command, ...args] = hasTaskset ? ['taskset', '-c', String(cpu), ...argv] : argv;
  if (command === undefined) throw new Error('empty command');
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', devNull, 'pipe'],
    detached: true,
  });
  closeSync(devNull);
  live.add(child);
  child.once('exit', () => live.delete(child));
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  if (child.pid === undefined) throw new Error(`could not start ${argv.join(' ')}`);
  return { child, pid: child.pid, port, stderrTail: () => tail };
}

/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitReady(started: Started, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(`server exited before it was ready:\n${started.stderrTail()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${started.stderrTail()}`);
}

/** SIGTERM by PID, then SIGKILL to its process group after `graceMs`. */
export async function stopProcess(started: Started, graceMs = 10_000): Promise<void> {
  const { child, pid } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

/** Kills every child still alive (their process groups): for SIGINT and failures. */
export function killAll(): void {
  for (const child of live) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** The pid and its descendants, from /proc. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    const parent = all[i];
    if (parent === undefined) break;
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
        for (const child of children.split(' ')) if (child.trim()) all.push(Number(child));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return all;
}

/** The process of the tree that owns the socket listening on `port` (the server proper). */
export function listeningPid(rootPid: number, port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A' && f[9]) inodes.add(f[9]);
    }
  }
  for (const pid of processTree(rootPid)) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return pid;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

/** The peak resident set (VmHWM) of a process, in bytes; 0 when unreadable. */
export function peakRss(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The core every server runs on; load generators and probes run on the other. */
export const SERVER_CPU = 0;

/** A core's steal ticks and all its ticks so far (`/proc/stat`; zeros where it is missing). */
export function coreTicks(cpu: number): { steal: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${cpu} `));
    // user nice system idle iowait irq softirq steal (guest time is inside user already)
    const ticks = (line ?? '').split(/\s+/).slice(1, 9).map(Number);
    return { steal: ticks[7] ?? 0, total: ticks.reduce((sum, t) => sum + (t || 0), 0) };
  } catch {
    return { steal: 0, total: 0 };
  }
}

const TICKS_PER_SECOND =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * A process's or thread's name and CPU seconds so far, user and kernel, from its `stat` file
 * (`/proc/<pid>/stat`, `/proc/<pid>/task/<tid>/stat`); undefined once it is gone.
 */
function statCpu(path: string): { name: string; user: number; system: number } | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      user: Number(fields[11]) / TICKS_PER_SECOND,
      system: Number(fields[12]) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) used so far by a process tree. */
export function cpuSeconds(pid: number): number {
  let seconds = 0;
  for (const p of processTree(pid)) {
    const cpu = statCpu(`/proc/${p}/stat`);
    if (cpu) seconds += cpu.user + cpu.system;
  }
  return seconds;
}

/** CPU seconds of a process's threads, by group (`threadCpu`). */
export interface ThreadCpu {
  readonly mainUser: number;
  readonly mainSystem: number;
  readonly pool: number;
  readonly v8: number;
  readonly other: number;
}

/**
 * CPU seconds a process's threads have used so far, grouped by what they do in Node: the main
 * thread (the event loop; user and kernel time apart), libuv's thread pool (`libuv-worker`: the
 * password hashes), V8's helper threads (`V8Worker`: garbage collection, compilation) and the
 * rest. Zeros for a process that is gone.
 */
export function threadCpu(pid: number): ThreadCpu {
  const split = { mainUser: 0, mainSystem: 0, pool: 0, v8: 0, other: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return split;
  }
  for (const tid of tids) {
    const cpu = statCpu(`/proc/${pid}/task/${tid}/stat`);
    if (!cpu) continue; // the thread ended
    const { name, user, system } = cpu;
    if (tid === String(pid)) {
      split.mainUser += user;
      split.mainSystem += system;
    } else if (name.startsWith('libuv-worker')) split.pool += user + system;
    else if (name.startsWith('V8Worker')) split.v8 += user + system;
    else split.other += user + system;
  }
  return split;
}

/** What each group used between two readings. */
export function threadCpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return {
    mainUser: after.mainUser - before.mainUser,
    mainSystem: after.mainSystem - before.mainSystem,
    pool: after.pool - before.pool,
    v8: after.v8 - before.v8,
    other: after.other - before.other,
  };
}

/**
 * Waits until a server's process tree is idle (under 10% of a core over 200 ms), so the
 * requests a finished run left in flight do not spill into the next one. At most `maxMs`.
 */
export async function waitIdle(pid: number, maxMs = 10_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (cpuSeconds(pid) - before <= 0.02) break;
  }
  return performance.now() - started;
}
