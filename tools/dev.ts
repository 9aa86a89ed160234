/**
 * `npm run dev`: the Worker in workerd (`wrangler dev`), fully local, no account, no network.
 *
 * With `DATABASE_URL` a `file:` URL (default `file:.data/dev.db`) it applies the migrations to
 * that file, serves it over HTTP with the libSQL stand-in (tools/libsql-server) on a free
 * loopback port, and points the Worker at it. With a `libsql://`/`http(s)://` URL (`turso dev`,
 * a Turso database) it points the Worker there and starts nothing. Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { openDatabase, localDatabasePath } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createHranaServer, type HranaServer } from './libsql-server/hrana.ts';

const databaseUrl = process.env.DATABASE_URL || 'file:.data/dev.db';
const port = process.env.PORT || '8787';

async function localDatabase(path: string): Promise<{ url: string; server: HranaServer }> {
  const { db, client } = openDatabase({ url: `file:${path}` });
  try {
    await migrate(db);
  } finally {
    client.close();
  }
  const server = createHranaServer({ databasePath: path });
  const { url } = await server.listen(0);
  console.log(`libSQL stand-in on ${url} serving ${path}`);
  return { url, server };
}

async function main(): Promise<void> {
  const path = localDatabasePath(databaseUrl);
  const local = path === undefined ? undefined : await localDatabase(path);
  const workerDatabaseUrl = local?.url ?? databaseUrl;

  const wrangler = spawn(
    'wrangler',
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      port,
      '--show-interactive-dev-session=false',
      '--var',
      `APP_ENV:${process.env.APP_ENV || 'local'}`,
      '--var',
      `DATABASE_URL:${workerDatabaseUrl}`,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      },
    },
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    wrangler.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const code = await new Promise<number>((resolve) => {
    wrangler.once('exit', (exitCode) => {
      resolve(exitCode ?? 0);
    });
  });
  await local?.server.close();
  process.exitCode = stopping ? 0 : code;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
