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
