import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPbkdf2Hasher } from '../../src/kit/crypto/password.ts';
import { hasTaskset } from './processes.ts';
import { SEED_PASSWORD } from './seed.ts';
import { median } from './stats.ts';

/** Median time of `count` single PBKDF2 hashes with the app's hasher, in ms. */
export async function nodeHashMs(count = 5): Promise<number> {
  const hasher = createPbkdf2Hasher();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await hasher.hash(SEED_PASSWORD);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The raw PBKDF2 rate of one core: as many PBKDF2-SHA256 hashes (100 000 iterations, 32
 * bytes, the app's parameters) as fit in `seconds`, back to back with node:crypto's
 * synchronous `pbkdf2Sync` in a fresh process pinned to the servers' core (CPU 0), in
 * hashes per second; undefined if it fails. Register and token are bound by this by design.
 */
export function rawHashRate(seconds = 3): number | undefined {
  const script = [
    "const { pbkdf2Sync, randomBytes } = require('node:crypto');",
    `const hash = () => pbkdf2Sync(${JSON.stringify(SEED_PASSWORD)}, randomBytes(16), 100000, 32, 'sha256');`,
    'hash();',
    'const started = performance.now();',
    'let n = 0;',
    `while (performance.now() - started < ${seconds * 1000}) { hash(); n++; }`,
    'console.log(n / ((performance.now() - started) / 1000));',
  ].join('\n');
  const argv = [process.execPath, '-e', script];
  const [command, ...args] = hasTaskset ? ['taskset', '-c', '0', ...argv] : argv;
  if (command === undefined) return undefined;
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const rate = Number(result.stdout.trim());
  return result.status === 0 && Number.isFinite(rate) && rate > 0 ? rate : undefined;
}

/** The same with Python's hashlib (what the reference uses), in ms; undefined if it fails. */
export function pythonHashMs(python: string): number | undefined {
  const script = [
    'import hashlib, os, time, statistics',
    'ts = []',
    'for _ in range(5):',
    '    t = time.perf_counter()',
    `    hashlib.pbkdf2_hmac("sha256", b"${SEED_PASSWORD}", os.urandom(16), 100000, 32)`,
    '    ts.append((time.perf_counter() - t) * 1000)',
    'print(statistics.median(ts))',
  ].join('\n');
  const result = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

/** The worker bundle's size, or why it could not be built. */
export type BundleSize = { rawBytes: number; gzipBytes: number } | { error: string };

/** `npm run build` (wrangler dry run into dist/), then dist/worker.js gzipped in memory. */
export function bundleSize(root: string): BundleSize {
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    env: { ...process.env, PATH: path },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const file = join(root, 'dist/worker.js');
  if (result.status !== 0 || !existsSync(file)) {
    const output = (result.stderr || result.stdout || String(result.error)).slice(-300);
    return { error: `exit ${String(result.status)}: ${output}` };
  }
  const raw = readFileSync(file);
  return { rawBytes: raw.length, gzipBytes: gzipSync(raw).length };
}

/** The commit under test and whether src/ differs from it (read-only git queries). */
export function codeVersion(root: string): string {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8', timeout: 10_000 }).stdout.trim();
  const commit = git('rev-parse', '--short', 'HEAD');
  if (!commit) return 'unknown (not a git checkout)';
  const dirty = git('status', '--porcelain', '--', 'src', 'drizzle', 'package.json');
  return dirty ? `${commit} with uncommitted changes in src/` : `${commit} (src/ clean)`;
}

/** The bundle's line of the report. */
export function bundleSection(bundle: BundleSize): string {
  if ('error' in bundle) return `- \`npm run build\` failed: ${bundle.error}`;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return (
    `- \`npm run build\` (wrangler dry run) → dist/worker.js: ${kib(bundle.rawBytes)} minified, ` +
    `**${kib(bundle.gzipBytes)} gzipped** (zlib level 6, in memory).`
  );
}
