import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './configs/config';
import { openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { serveUntilSignal } from './server';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: string[]) => Promise<void>;
}

const ENVIRONMENT_HELP = `Environment: APP_ENV (local|test|production), PORT (8787), DATABASE_URL
(file:.data/app.db), DATABASE_AUTH_TOKEN, JWT_SECRET, LOG_LEVEL (debug|info|warn|error|silent).`;

/** Parses a command's flags; `--help` is always accepted. Unknown flags are an error. */
function flags(args: string[]) {
  return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true })
    .values;
}

const commands: Readonly<Record<string, Command>> = {
  migrate: {
    summary: 'apply pending database migrations to DATABASE_URL',
    usage: 'migrate',
    run: async () => {
      const config = loadConfig(process.env);
      const { db, client } = openDatabase({
        url: config.DATABASE_URL,
        ...(config.DATABASE_AUTH_TOKEN ? { authToken: config.DATABASE_AUTH_TOKEN } : {}),
      });
      try {
        await migrate(db);
        console.log(`migrations applied to ${redact(config.DATABASE_URL)}`);
      } finally {
        client.close();
      }
    },
  },
  serve: {
    summary: 'migrate, then serve the API on PORT until SIGINT/SIGTERM',
    usage: 'serve',
    run: async () => {
      await serveUntilSignal(loadConfig(process.env));
    },
  },
};

/** Drops credentials and query (which may hold a token) from a URL before printing it. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
}

function mainHelp(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`);
  return `Usage: npm run cli -- <command> [--help]\n\nCommands:\n${lines.join('\n')}\n\n${ENVIRONMENT_HELP}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${mainHelp()}`);
    return 2;
  }
  if (flags(rest).help === true) {
    console.log(
      `Usage: npm run cli -- ${command.usage}\n\n${command.summary}.\n\n${ENVIRONMENT_HELP}`,
    );
    return 0;
  }
  await command.run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Operator mistakes get one line, never a stack trace.
    if (error instanceof ConfigError) console.error(error.message);
    else if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    )
      console.error(error.message);
    else console.error(error instanceof Error ? `Error: ${error.message}` : String(error));
    process.exitCode = 1;
  },
);
