import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { sessions, users, type NewUserRow } from '../../src/db/schema.ts';
import { createPbkdf2Hasher } from '../../src/kit/crypto/password.ts';

/** The password of every seeded user and of the admin (one hash, reused for every row). */
export const SEED_PASSWORD = 'bench-password-123';

/** 2024-01-01T00:00:00Z: user `i` is created `i` × 5 minutes later. */
const EPOCH_MS = Date.UTC(2024, 0, 1);
const STEP_MS = 5 * 60 * 1000;
const ROWS_PER_TRANSACTION = 10_000;
const ROWS_PER_INSERT = 1_000;

/** A seeded user as the benchmark needs to know it. */
export interface SeededUser {
  readonly index: number;
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: 'user' | 'admin';
  readonly status: 'active' | 'suspended';
  readonly createdAt: Date;
}

/** What seeding produced and how long it took. */
export interface SeedResult {
  readonly path: string;
  readonly count: number;
  readonly admin: SeededUser;
  readonly users: readonly SeededUser[];
  readonly hashMs: number;
  readonly seedMs: number;
}

/** mulberry32: a tiny deterministic PRNG, so the same seed gives the same ids on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A version-4-shaped UUID from the PRNG. */
function uuidFrom(next: () => number): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 4) {
    const word = next();
    bytes[i] = word & 0xff;
    bytes[i + 1] = (word >>> 8) & 0xff;
    bytes[i + 2] = (word >>> 16) & 0xff;
    bytes[i + 3] = (word >>> 24) & 0xff;
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The deterministic population: user `i` (1-based) is `user_<i, 6 digits>`; every 100th user
 * is suspended; index 0 is the one admin, `bench_admin`.
 */
export function population(count: number, seed = 0x5eed_2024): SeededUser[] {
  const next = mulberry32(seed);
  const rows: SeededUser[] = [];
  for (let index = 0; index <= count; index++) {
    const name = index === 0 ? 'bench_admin' : `user_${String(index).padStart(6, '0')}`;
    rows.push({
      index,
      id: uuidFrom(next),
      username: name,
      email: `${name}@bench.example`,
      role: index === 0 ? 'admin' : 'user',
      status: index > 0 && index % 100 === 0 ? 'suspended' : 'active',
      createdAt: new Date(EPOCH_MS + index * STEP_MS),
    });
  }
  return rows;
}

/**
 * Seeds a fresh database file at `path` with `count` users and one admin, through the app's
 * `openDatabase` and `migrate`, in batched inserts, one atomic batch per slice. The password is
 * hashed once with the app's hasher and the hash reused for every row.
 *
 * @example
 * const seeded = await seedDatabase('/tmp/bench/seed.db', 100_000);
 */
export async function seedDatabase(path: string, count: number): Promise<SeedResult> {
  const started = performance.now();
  const hashStarted = performance.now();
  const passwordHash = await createPbkdf2Hasher().hash(SEED_PASSWORD);
  const hashMs = performance.now() - hashStarted;
  const all = population(count);
  const { db, client } = openDatabase({ url: `file:${path}` });
  try {
    await migrate(db);
    for (let from = 0; from < all.length; from += ROWS_PER_TRANSACTION) {
      const slice = all.slice(from, from + ROWS_PER_TRANSACTION);
      const inserts = [];
      for (let at = 0; at < slice.length; at += ROWS_PER_INSERT) {
        const values: NewUserRow[] = slice.slice(at, at + ROWS_PER_INSERT).map((u) => ({
          id: u.id,
          username: u.username,
          email: u.email,
          passwordHash,
          role: u.role,
          status: u.status,
          createdAt: u.createdAt,
          updatedAt: u.createdAt,
        }));
        inserts.push(db.insert(users).values(values));
        // One live session each, whose id is the user's (`mintToken` puts it in `sid`): every
        // authenticated request checks its session in the database, as in production.
        inserts.push(
          db.insert(sessions).values(
            values.map((v) => ({
              id: v.id,
              userId: v.id,
              createdAt: v.createdAt,
              lastUsedAt: v.createdAt,
              expiresAt: new Date(Date.UTC(2100, 0, 1)),
            })),
          ),
        );
      }
      const [first, ...rest] = inserts;
      if (first) await db.batch([first, ...rest]);
    }
    const [row] = (await client.execute('select count(*) as n from users')).rows;
    const seeded = Number(row?.n);
    if (seeded !== all.length) throw new Error(`seeded ${seeded} rows, not ${all.length}`);
  } finally {
    client.close();
  }
  const [admin, ...rest] = all;
  if (!admin) throw new Error('no admin row');
  return {
    path,
    count,
    admin,
    users: rest,
    hashMs,
    seedMs: performance.now() - started,
  };
}
