import { createClient, type Row } from '@libsql/client';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedClient, type EmbeddedClient } from '../../src/db/embedded-client.ts';

/* `executeFirst`: the one-row read the principal check of every request runs through. */

const clients: EmbeddedClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function withRows(): Promise<EmbeddedClient> {
  const client = createEmbeddedClient({ path: ':memory:' });
  clients.push(client);
  await client.executeMultiple(
    "create table t (id text primary key, n integer); insert into t values ('a', 1), ('b', 2);",
  );
  return client;
}

describe('executeFirst', () => {
  it('answers the values of the first row by position, as execute’s row holds them', async () => {
    const client = await withRows();
    const stmt = { sql: "select id, n, x'01' as b from t where n >= ? order by n", args: [1] };
    const values = await client.executeFirst(stmt);
    const [expected] = (await client.execute(stmt)).rows;
    expect(values).toEqual(Array.from(expected ?? []));
    expect(values?.slice(0, 2)).toEqual(['a', 1]);
    // A blob comes back as execute gives it: an ArrayBuffer.
    expect(values?.[2]).toBeInstanceOf(ArrayBuffer);
  });

  it('answers undefined when the select has no row', async () => {
    const client = await withRows();
    expect(await client.executeFirst({ sql: 'select id from t where id = ?', args: ['z'] })).toBe(
      undefined,
    );
  });

  it('refuses anything but a select, writes nothing, and the client goes on working', async () => {
    const client = await withRows();
    await expect(
      client.executeFirst({ sql: "insert into t values ('c', 3) returning id", args: [] }),
    ).rejects.toMatchObject({ code: 'SQLITE_MISUSE' });
    const count = await client.executeFirst({ sql: 'select count(*) as n from t', args: [] });
    expect(count).toEqual([2]);
  });
});

describe('execute', () => {
  /** The same select through `@libsql/client`'s own embedded driver and through ours. */
  async function bothRows(sql: string) {
    const theirs = createClient({ url: ':memory:' });
    const ours = createEmbeddedClient({ path: ':memory:' });
    clients.push(ours);
    try {
      return { theirs: (await theirs.execute(sql)).rows, ours: (await ours.execute(sql)).rows };
    } finally {
      theirs.close();
    }
  }

  /** What Drizzle and a caller can see of a row. */
  const seen = (row: Row) => ({
    keys: Object.keys(row),
    named: { ...row },
    indexed: Array.from(row),
    sliced: Array.prototype.slice.call(row),
    json: JSON.stringify(row),
    length: row.length,
    ownIndex: Object.keys(row).includes('0'),
  });

  it('shapes rows as @libsql/client does: named and enumerable, indexed and not', async () => {
    const { theirs, ours } = await bothRows(
      "select 'u1' as id, 2 as n, null as gone, 1.5 as ratio, x'00ff' as raw, 'again' as id",
    );
    expect(ours).toHaveLength(1);
    const [mine, reference] = [ours[0], theirs[0]];
    if (!mine || !reference) throw new Error('no row');
    expect(seen(mine)).toEqual(seen(reference));
    expect(seen(mine).keys).toEqual(['id', 'n', 'gone', 'ratio', 'raw']);
    expect(mine['id']).toBe('u1');
    expect(mine[5]).toBe('again');
    expect(mine['raw']).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(mine[4] as ArrayBuffer)).toEqual(new Uint8Array([0, 255]));
  });

  it('keeps each row its own values across many rows of one statement', async () => {
    const { theirs, ours } = await bothRows(
      'with recursive k(i) as (select 1 union all select i + 1 from k where i < 50) ' +
        "select i, 'v' || i as label from k",
    );
    expect(ours.map(seen)).toEqual(theirs.map(seen));
    expect(ours.map((row) => row['label'])).toEqual(ours.map((_, i) => `v${i + 1}`));
  });
});

describe('dataVersion', () => {
  const folder = mkdtempSync(join(tmpdir(), 'user-api-version-'));
  let files = 0;
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  /** A client on a file of its own with one table, and a second connection to that file. */
  async function onFile() {
    const path = join(folder, `v-${++files}.db`);
    const client = createEmbeddedClient({ path });
    clients.push(client);
    await client.executeMultiple(
      "create table t (id text primary key, n integer); insert into t values ('a', 1);",
    );
    return { client, other: new Database(path) };
  }

  it('stays while only reads happen, and moves with every commit, this client’s or another’s', async () => {
    const { client, other } = await onFile();
    try {
      const first = client.dataVersion();
      expect(first).toMatch(/^\d+:[0-9a-f]{32}$/);
      await client.execute("select * from t where id = 'a'");
      other.prepare('select * from t').all();
      expect(client.dataVersion()).toBe(first);

      await client.execute("update t set n = 2 where id = 'a'");
      const second = client.dataVersion();
      expect(second).not.toBe(first);

      other.prepare("update t set n = 3 where id = 'a'").run();
      expect(client.dataVersion()).not.toBe(second);
    } finally {
      other.close();
    }
  });

  it('does not move for a write another connection rolled back', async () => {
    const { client, other } = await onFile();
    try {
      const before = client.dataVersion();
      other.exec("BEGIN IMMEDIATE; update t set n = 9 where id = 'a'; ROLLBACK");
      expect(client.dataVersion()).toBe(before);
    } finally {
      other.close();
    }
  });

  it('is another value once the client has reopened its connection', async () => {
    const { client, other } = await onFile();
    other.close();
    const before = client.dataVersion();
    client.reconnect();
    expect(client.dataVersion()).not.toBe(before);
  });

  it('cannot be known in memory, or on a file in WAL mode, whose commits leave the counter', async () => {
    const memory = createEmbeddedClient({ path: ':memory:' });
    clients.push(memory);
    expect(memory.dataVersion()).toBeUndefined();

    const { client, other } = await onFile();
    try {
      other.exec('PRAGMA journal_mode = WAL');
      expect(client.dataVersion()).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
