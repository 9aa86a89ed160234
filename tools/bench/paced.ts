// The steady open-loop generator, run in a process of its own.
//
// Why apart: the benchmark's own process holds every run's samples and the seeded users, and
// its collector's pauses on that heap made the generator fall 13-33 ms behind its schedule
// in nearly every steady run of a full run on a fast host (bare Hono's lane included), so
// the p99 measured the generator. A fresh process per run holds one run's samples only
// (notes, fifteenth pass). It inherits the benchmark's core (taskset's affinity).
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { quantile, Samples } from './samples.ts';

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

/** One keep-alive connection of the generator: a raw socket, one request at a time. */
interface Connection {
  readonly socket: Socket;
  /** When the request on it was due to be sent (its latency runs from then). */
  sentAt: number;
  /** Whether a request on it awaits its answer. */
  busy: boolean;
  /** Bytes of an answer not yet complete. */
  pending: Buffer | undefined;
}

/** The length of the first complete HTTP/1.1 answer in `bytes`, and its status; else undefined. */
function completeAnswer(bytes: Buffer): { length: number; status: number } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = bytes.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const declared = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (declared !== undefined) {
    const length = end + 4 + Number(declared);
    return bytes.length >= length ? { length, status } : undefined;
  }
  // Chunked: complete at the last chunk (no trailers: none of the peers sends any).
  const last = bytes.indexOf('\r\n0\r\n\r\n', end);
  return last < 0 ? undefined : { length: last + 7, status };
}

/**
 * Sends GET `path` at `rate` requests/s for `seconds`, each at its scheduled instant, over up
 * to `maxSockets` keep-alive connections opened before the first. Open loop: the schedule
 * never waits for answers, so a stall delays no send (no coordinated omission); a request sent
 * while every connection is busy waits for the first one free, and its latency runs from its
 * send all the same. `worstLag` says how late the generator ever was. Raw sockets and
 * pre-built request bytes, not node:http's client: at 15 000 requests/s node:http's ~40 µs a
 * request kept the generator's own core busy enough to fall behind (notes, fifteenth pass).
 * Bounded in count (rate × seconds) and time (seconds + 10 s).
 */
export async function runPaced(
  url: string,
  path: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
  maxSockets = 32,
): Promise<PacedResult> {
  const { hostname, port } = new URL(url);
  const lines = Object.entries({ host: `${hostname}:${port}`, ...headers }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  const requestBytes = Buffer.from(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`, 'latin1');
  const total = Math.round(rate * seconds);
  const samples = new Samples();
  let sent = 0;
  let failed = 0;
  let settled = 0;
  let worstLag = 0;
  const idle: Connection[] = [];
  const waiting: number[] = [];
  let waitingHead = 0;

  const send = (connection: Connection, sentAt: number) => {
    connection.sentAt = sentAt;
    connection.busy = true;
    connection.socket.write(requestBytes);
  };
  const answered = (connection: Connection, status: number) => {
    if (status === 200) samples.push(performance.now() - connection.sentAt);
    else failed++;
    settled++;
    connection.busy = false;
    if (waitingHead < waiting.length) send(connection, waiting[waitingHead++] ?? 0);
    else idle.push(connection);
  };
  const open = () =>
    new Promise<Connection>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), noDelay: true });
      const connection: Connection = { socket, sentAt: 0, busy: false, pending: undefined };
      socket.once('connect', () => resolve(connection));
      socket.once('error', reject);
      socket.on('error', () => undefined);
      // A connection the server closes is not used again; a request on it has failed.
      socket.once('close', () => {
        const at = idle.indexOf(connection);
        if (at >= 0) idle.splice(at, 1);
        if (connection.busy) {
          connection.busy = false;
          failed++;
          settled++;
        }
      });
      socket.on('data', (chunk: Buffer) => {
        let bytes = connection.pending ? Buffer.concat([connection.pending, chunk]) : chunk;
        for (let answer = completeAnswer(bytes); answer; answer = completeAnswer(bytes)) {
          bytes = bytes.subarray(answer.length);
          answered(connection, answer.status);
        }
        connection.pending = bytes.length > 0 ? bytes : undefined;
      });
    });
  const connections = await Promise.all(Array.from({ length: maxSockets }, open));
  idle.push(...connections);

  const start = performance.now();
  const fire = (scheduled: number) => {
    const now = performance.now();
    worstLag = Math.max(worstLag, now - scheduled);
    const connection = idle.pop();
    // The latency runs from the send, including any wait for a free connection.
    if (connection) send(connection, now);
    else waiting.push(now);
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
  for (const connection of connections) connection.socket.destroy();
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

/** What `runPaced` takes, as the child reads it from its argument. */
interface PacedArgs {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly rate: number;
  readonly seconds: number;
}

const THIS_FILE = fileURLToPath(import.meta.url);
const WARM_UP_SECONDS = 1;

/** `runPaced` in a child process of its own (this file run as a script); same answer. */
export function runPacedApart(
  url: string,
  path: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const args: PacedArgs = { url, path, headers, rate, seconds };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [THIS_FILE, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    // runPaced stops itself at seconds + 10 s; this is the backstop.
    const guard = setTimeout(() => child.kill('SIGKILL'), (WARM_UP_SECONDS + seconds + 30) * 1000);
    child.on('error', reject);
    // 'close', not 'exit': only then has all of its output been read.
    child.on('close', (code) => {
      clearTimeout(guard);
      try {
        if (code !== 0) throw new Error(`the steady generator exited with ${code}`);
        resolve(JSON.parse(out) as PacedResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

if (process.argv[1] === THIS_FILE) {
  const { url, path, headers, rate, seconds } = JSON.parse(process.argv[2] ?? '{}') as PacedArgs;
  // A second on the same schedule first, not kept: a new process's generator runs cold (its
  // code not yet optimized, its heap not yet grown) and falls behind.
  await runPaced(url, path, headers, rate, WARM_UP_SECONDS);
  process.stdout.write(JSON.stringify(await runPaced(url, path, headers, rate, seconds)));
}
