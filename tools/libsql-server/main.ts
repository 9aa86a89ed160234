/**
 * Local stand-in for a libSQL server, so that `wrangler dev` can run fully offline:
 *
 *   tsx tools/libsql-server/main.ts [--db .data/dev.db] [--port 8080] [--auth-token T]
 *
 * then point the Worker at `DATABASE_URL=http://127.0.0.1:8080`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHranaServer } from './hrana.ts';

const USAGE = 'usage: tsx tools/libsql-server/main.ts [--db <path|file: URL>] [--port <n>]';

/** The file path of `--db`: a plain path, `file:relative/path` or `file:///absolute/path`. */
function databasePath(db: string): string {
  if (!db.startsWith('file:')) return resolve(db);
  const withoutQuery = db.split('?')[0] ?? db;
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery);
  return resolve(decodeURIComponent(withoutQuery.slice('file:'.length)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: '.data/dev.db' },
      port: { type: 'string', default: '8080' },
      'auth-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${values.port}\n${USAGE}`);
  }
  const path = databasePath(values.db);
  mkdirSync(dirname(path), { recursive: true });

  const server = createHranaServer({ databasePath: path, authToken: values['auth-token'] });
  let address;
  try {
    address = await server.listen(port);
  } catch (error) {
    await server.close();
    throw error;
  }
  console.log(`libsql stand-in listening on ${address.url} (db: ${path})`);

  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
