import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_ISSUER } from '../../src/configs/compose.ts';
import { NODE_SERVER_ENTRY } from '../build-node.ts';
import { JWT_SECRET, sampleRequest, type EndpointName, type LoadData } from './endpoints.ts';
import {
  freePort,
  listeningPid,
  peakRss,
  SERVER_CPU,
  startProcess,
  stopProcess,
  waitReady,
  waitIdle,
  type Started,
} from './processes.ts';

/** The peers compared, in their base order (each round rotates it). */
export const PEER_IDS = [
  'node-http',
  'hono',
  'lean',
  'no-writes',
  'ours',
  'ours-quiet',
  'reference',
] as const;
/** One of `PEER_IDS`. */
export type PeerId = (typeof PEER_IDS)[number];

const API_ENDPOINTS: readonly EndpointName[] = [
  'get-hit',
  'get-miss',
  'search',
  'register',
  'token',
];

/** A peer: how to start it, which endpoints it serves, where it answers when ready. */
export interface PeerDef {
  readonly id: PeerId;
  readonly label: string;
  readonly endpoints: readonly EndpointName[];
  readonly readyPath: string;
  /** The command line and environment, given a port and a private copy of the database. */
  readonly command: (
    port: number,
    dbPath: string,
  ) => { argv: string[]; env: Record<string, string> };
}

/** Where things are: the repo, the temp dir, the seeded database, Debian's python if usable. */
export interface PeerContext {
  readonly root: string;
  readonly tmpDir: string;
  readonly seedPath: string;
  readonly python: PythonInfo | undefined;
}

/** The python that has the reference stack, and its package versions. */
export interface PythonInfo {
  readonly executable: string;
  readonly versions: string;
}

/** The first python that imports fastapi, uvicorn and sqlalchemy (Debian's first). */
export function findPython(): PythonInfo | undefined {
  const probe =
    'import sys, fastapi, uvicorn, sqlalchemy, pydantic\n' +
    'extra = []\n' +
    'for name in ("uvloop", "httptools"):\n' +
    '    try: extra.append(name + " " + __import__(name).__version__)\n' +
    '    except ImportError: extra.append(name + " missing")\n' +
    'print(f"Python {sys.version.split()[0]}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, ' +
    'SQLAlchemy {sqlalchemy.__version__}, pydantic {pydantic.VERSION}, " + ", ".join(extra))';
  for (const executable of ['/usr/bin/python3', 'python3']) {
    const result = spawnSync(executable, ['-c', probe], { encoding: 'utf8', timeout: 20_000 });
    if (result.status === 0) return { executable, versions: result.stdout.trim() };
  }
  return undefined;
}

/** How to get the reference stack when it is missing. */
export const PYTHON_INSTALL_HINT =
  'apt-get update && apt-get install -y python3-fastapi python3-uvicorn python3-sqlalchemy ' +
  'python3-uvloop python3-httptools';

/**
 * The command line of `npm start` (package.json's `start` script: `[NAME=value …] exec node
 * <flags> build/node/cli.mjs serve`) with this Node's path for `node`, and the environment it
 * sets, so the benchmark runs our server exactly as it is started, V8 flags and all. The
 * benchmark builds `build/node/` first, as `npm start`'s `prestart` does.
 */
function npmStartCommand(root: string): { argv: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  const env: Record<string, string> = {};
  for (let word = words[0]; word !== undefined && /^[A-Z_]+=/.test(word); word = words[0]) {
    const at = word.indexOf('=');
    env[word.slice(0, at)] = word.slice(at + 1);
    words.shift();
  }
  if (words[0] === 'exec') words.shift();
  if (words[0] !== 'node' || !words.includes(NODE_SERVER_ENTRY)) {
    throw new Error(
      `package.json's start script is not "node … ${NODE_SERVER_ENTRY} serve": ${words.join(' ')}`,
    );
  }
  return { argv: [process.execPath, ...words.slice(1)], env };
}

/** `npm start`'s command as the report shows it: its environment, then `node …`. */
function npmStartLine(root: string): string {
  const { argv, env } = npmStartCommand(root);
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return [...assignments, 'node', ...argv.slice(1)].join(' ');
}

/**
 * Our server's environment. `RATE_LIMITS=off`: the benchmark measures throughput, not the
 * limiter (a server without one ignores the variable).
 */
function oursEnv(port: number, dbPath: string, level: 'info' | 'warn'): Record<string, string> {
  return {
    PORT: String(port),
    DATABASE_URL: `file:${dbPath}`,
    JWT_SECRET,
    LOG_LEVEL: level,
    RATE_LIMITS: 'off',
  };
}

/** The peers; `reference` only when its python is there. */
export function peerDefs(ctx: PeerContext): PeerDef[] {
  // The comparison peers run their TypeScript with no loader (Node strips the types); ours
  // runs its build, as `npm start` does. No peer's memory is judged but ours.
  const node = process.execPath;
  // The floor runs as ours does: `npm start`'s environment and V8 flags, its own script.
  const leanCommand = (port: number, dbPath: string, extra: Record<string, string>) => {
    const start = npmStartCommand(ctx.root);
    const script = start.argv.indexOf(NODE_SERVER_ENTRY);
    const argv = [...start.argv.slice(0, script), 'tools/bench/peers/lean.ts'];
    return {
      argv,
      env: {
        ...start.env,
        ...extra,
        PORT: String(port),
        DATABASE_URL: `file:${dbPath}`,
        JWT_SECRET,
        TOKEN_ISSUER,
      },
    };
  };
  const defs: PeerDef[] = [
    {
      id: 'node-http',
      label: 'bare node:http',
      endpoints: ['hello'],
      readyPath: '/',
      command: (port) => ({
        argv: [node, 'tools/bench/peers/node-http.ts'],
        env: { PORT: String(port) },
      }),
    },
    {
      id: 'hono',
      label: 'bare Hono (@hono/node-server)',
      endpoints: ['hello'],
      readyPath: '/',
      command: (port) => ({
        argv: [node, 'tools/bench/peers/hono.ts'],
        env: { PORT: String(port) },
      }),
    },
    {
      id: 'lean',
      label:
        'the floor of our API on its kept libraries (tools/bench/peers/lean.ts: hono, request-id, secure-headers, a log line, `libsql` prepared, the API’s HS256 issuer and verifier and its PBKDF2 hasher; GET by id with a Map as the cache, register and token with the same writes as ours in as few transactions, the welcome email left unsent; no layers), run as `npm start` runs ours (its environment and V8 flags)',
      endpoints: ['get-hit', 'register', 'token'],
      readyPath: '/health',
      command: (port, dbPath) => leanCommand(port, dbPath, {}),
    },
    {
      id: 'no-writes',
      label:
        'the lean peer with its writes left out (`LEAN_WRITES=off`): register is HTTP and the hash alone, token also reads the credentials, with no durable write: the ceiling of those two endpoints on this host',
      endpoints: ['register', 'token'],
      readyPath: '/health',
      command: (port, dbPath) => leanCommand(port, dbPath, { LEAN_WRITES: 'off' }),
    },
    {
      id: 'ours',
      label: `our API as \`npm start\` runs it (\`${npmStartLine(ctx.root)}\`, built by \`prestart\`: no TypeScript stripper in the process; LOG_LEVEL=info → /dev/null, RATE_LIMITS=off)`,
      endpoints: API_ENDPOINTS,
      readyPath: '/health',
      command: (port, dbPath) => {
        const start = npmStartCommand(ctx.root);
        return { argv: start.argv, env: { ...start.env, ...oursEnv(port, dbPath, 'info') } };
      },
    },
    {
      id: 'ours-quiet',
      label: 'our API as above with LOG_LEVEL=warn (no request log): what logging costs',
      endpoints: ['get-hit'],
      readyPath: '/health',
      command: (port, dbPath) => {
        const start = npmStartCommand(ctx.root);
        return { argv: start.argv, env: { ...start.env, ...oursEnv(port, dbPath, 'warn') } };
      },
    },
  ];
  if (ctx.python) {
    const python = ctx.python.executable;
    defs.push({
      id: 'reference',
      label:
        'reference: FastAPI + SQLAlchemy + SQLite, 1 uvicorn worker (tools/bench/peers/fastapi_peer.py + reference_kit.py)',
      endpoints: API_ENDPOINTS,
      readyPath: '/health',
      command: (port, dbPath) => ({
        argv: [python, 'tools/bench/peers/fastapi_peer.py'],
        env: {
          PORT: String(port),
          DATABASE_PATH: dbPath,
          JWT_SECRET,
          PYTHONDONTWRITEBYTECODE: '1',
        },
      }),
    });
  }
  return defs;
}

/** A started peer. */
export interface RunningPeer {
  readonly def: PeerDef;
  readonly url: string;
  readonly started: Started;
  /** The process that listens (the server proper, below `taskset` or any wrapper). */
  readonly serverPid: number;
  readonly dbPath: string;
}

/** Copies the seeded database, starts the peer on a free port (CPU 0), waits until it answers. */
export async function startPeer(def: PeerDef, ctx: PeerContext, tag: string): Promise<RunningPeer> {
  const dbPath = join(ctx.tmpDir, `${def.id}-${tag}.db`);
  copyFileSync(ctx.seedPath, dbPath);
  const port = await freePort();
  const { argv, env } = def.command(port, dbPath);
  const started = startProcess(argv, env, port, SERVER_CPU, ctx.root);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(started, `${url}${def.readyPath}`, 60_000);
  } catch (error) {
    await stopProcess(started);
    throw error;
  }
  const serverPid = listeningPid(started.pid, port) ?? started.pid;
  return { def, url, started, serverPid, dbPath };
}

/** Stops the peer by PID (SIGTERM, then SIGKILL) and answers its peak RSS in bytes. */
export async function stopPeer(peer: RunningPeer): Promise<number> {
  // Requests the load generator abandoned are still running: let them finish first.
  await waitIdle(peer.started.pid, 5_000);
  const rss = peakRss(peer.serverPid);
  await stopProcess(peer.started);
  for (const suffix of ['', '-journal', '-wal', '-shm'])
    rmSync(`${peer.dbPath}${suffix}`, { force: true });
  return rss;
}

/**
 * One request per endpoint before the load: each must succeed, and a user read must answer
 * exactly the seeded row, so every peer is known to serve the same data.
 */
export async function smokeCheck(peer: RunningPeer, data: LoadData): Promise<void> {
  for (const endpoint of peer.def.endpoints) {
    const { path, init } = sampleRequest(endpoint, data);
    let response: Response;
    try {
      response = await fetch(`${peer.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const why =
        error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error);
      throw new Error(`${peer.def.id} ${endpoint}: ${why}\n${peer.started.stderrTail()}`, {
        cause: error,
      });
    }
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      throw new Error(`${peer.def.id} ${endpoint}: ${response.status} ${JSON.stringify(body)}`);
    }
    if (endpoint === 'get-hit') {
      const u = data.hitUser;
      const expected = {
        id: u.id,
        username: u.username,
        email: u.email,
        role: u.role,
        status: u.status,
        createdAt: u.createdAt.toISOString(),
        updatedAt: u.createdAt.toISOString(),
        lastLoginAt: null,
      };
      // The fields both peers show (ours adds emailVerified and mfaEnabled) must be the seed's.
      const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, body[key]]));
      if (JSON.stringify(shown) !== JSON.stringify(expected)) {
        throw new Error(`${peer.def.id} get-hit answered ${JSON.stringify(body)}`);
      }
    }
    if (endpoint === 'register' && typeof body.id !== 'string') {
      throw new Error(`${peer.def.id} register answered ${JSON.stringify(body)}`);
    }
    if (endpoint === 'token' && typeof body.accessToken !== 'string') {
      throw new Error(`${peer.def.id} token answered ${JSON.stringify(body)}`);
    }
    if (endpoint === 'search') {
      const items = body.items;
      if (!Array.isArray(items) || items.length !== 20 || body.total !== 10_000) {
        throw new Error(`${peer.def.id} search answered total ${String(body.total)}`);
      }
    }
  }
}
