import { afterEach, describe, expect, it } from 'vitest';
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
  it('answers the first row exactly as execute shapes it, by position and by name', async () => {
    const client = await withRows();
    const stmt = { sql: 'select id, n from t where n >= ? order by n', args: [1] };
    const row = await client.executeFirst(stmt);
    const [expected] = (await client.execute(stmt)).rows;
    expect(row).toEqual(expected);
    expect([row?.[0], row?.[1], row?.id, row?.n]).toEqual(['a', 1, 'a', 1]);
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
    expect(count?.n).toBe(2);
  });
});
