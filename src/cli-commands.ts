import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { ConfigError, configSchema, loadConfig } from './configs/config.ts';
import { userCommands, usernameFlag } from './cli-user-commands.ts';
import { buildNodeRuntime, type NodeRuntime } from './configs/node-runtime.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { AppError } from './kit/errors/app-error.ts';
import { createLogger } from './kit/log/logger.ts';
import { UserRegistrationInput } from './models/dtos/user/v1/user.v1.dtos.ts';
import { serveUntilSignal } from './server.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: string[]) => Promise<void>;
}

// Read from the schema, so the help never lists a variable the service does not read.
const ENVIRONMENT_HELP = `Environment (see README): ${Object.keys(configSchema.shape).join(', ')}.`;

/** For commands without flags: anything given is an error. */
function noFlags(args: string[]): void {
  parseArgs({ args, options: {}, strict: true });
}

/** Parses `create-admin`'s flags; an unknown one is an error. */
function createAdminFlags(args: string[]) {
  return parseArgs({
    args,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  }).values;
}

/** A mistake of the operator's: printed as one line, exit status 1. */
class UsageError extends Error {}
const usageError = (message: string) => new UsageError(message);

/** The admin's password: `--password`, else `--password-stdin`, else `ADMIN_PASSWORD`. */
async function adminPassword(values: ReturnType<typeof createAdminFlags>): Promise<string> {
  if (typeof values.password === 'string') return values.password;
  if (values['password-stdin'] === true) return stdinLine();
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new UsageError(
    'Give the password with --password-stdin or ADMIN_PASSWORD (or --password).',
  );
}

/** The new password of `reset-password`: `--password-stdin`, else `NEW_PASSWORD`; never echoed. */
async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return stdinLine();
  const fromEnv = process.env.NEW_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new UsageError('Give the new password with --password-stdin or NEW_PASSWORD.');
}

/** Runs `work` on the Node runtime (migrated database), quiet but for errors, then closes it. */
async function withRuntime<T>(work: (runtime: NodeRuntime) => Promise<T>): Promise<T> {
  const runtime = await buildNodeRuntime(loadConfig(process.env), createLogger({ level: 'error' }));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** A password given on standard input: its first line, without the line break. */
async function stdinLine(): Promise<string> {
  return (await text(process.stdin)).replace(/\r?\n$/, '');
}

const commands: Readonly<Record<string, Command>> = {
  migrate: {
    summary: 'apply pending database migrations to DATABASE_URL',
    usage: 'migrate',
    run: async (args) => {
      noFlags(args);
      const config = loadConfig(process.env);
      const { db, client } = openDatabase({
        url: config.DATABASE_URL,
        authToken: config.DATABASE_AUTH_TOKEN,
      });
      try {
        await migrate(db);
        console.log(`migrations applied to ${redact(config.DATABASE_URL)}`);
      } finally {
        client.close();
      }
    },
  },
  'create-admin': {
    summary: 'create an admin user in DATABASE_URL (the first admin; then PUT /users/{id}/role)',
    usage:
      'create-admin --username <name> --email <address> [--password-stdin | --password <p>]\n' +
      '       (or the password in ADMIN_PASSWORD, which keeps it out of shell history)',
    run: async (args) => {
      const values = createAdminFlags(args);
      const input = UserRegistrationInput.safeParse({
        username: values.username,
        email: values.email,
        password: await adminPassword(values),
      });
      if (!input.success) {
        const problems = input.error.issues.map(
          (i) => `${i.path.join('.') || 'input'}: ${i.message}`,
        );
        throw new UsageError(problems.join('; '));
      }
      await withRuntime(async ({ deps }) => {
        const admin = await deps.users.register({ ...input.data, role: 'admin' });
        console.log(`admin ${admin.username} created with id ${admin.id}`);
      });
    },
  },
  ...userCommands((work) => withRuntime((runtime) => work(runtime.deps)), usageError),
  'revoke-sessions': {
    summary: 'end every session of a user: its access and refresh tokens stop working at once',
    usage: 'revoke-sessions --username <name>',
    run: async (args) => {
      const { username } = usernameFlag(args, usageError);
      await withRuntime(async ({ deps }) => {
        await deps.auth.endSessionsOfUsername(username);
        console.log(`every session of ${username} ended`);
      });
    },
  },
  'reset-password': {
    summary: "set a user's password and end every session of the user",
    usage:
      'reset-password --username <name> [--password-stdin]\n' +
      '       (or the new password in NEW_PASSWORD; it is never echoed)',
    run: async (args) => {
      const { username, passwordStdin } = usernameFlag(args, usageError, { passwordStdin: true });
      const password = await newPassword(passwordStdin);
      await withRuntime(async ({ deps }) => {
        await deps.auth.setPasswordByOperator({ username, newPassword: password });
        console.log(`password of ${username} set; every session ended`);
      });
    },
  },
  outbox: {
    summary: 'list the emails not sent yet: pending (with their next attempt) and given up',
    usage: 'outbox',
    run: async (args) => {
      noFlags(args);
      await withRuntime(async ({ deps }) => {
        const unsent = await deps.emails.listUnsent();
        if (unsent.length === 0) {
          console.log('the outbox is empty: every email was sent');
          return;
        }
        for (const email of unsent) {
          const state = email.failedAt
            ? `failed (gave up ${email.failedAt.toISOString()})`
            : `pending (next attempt ${email.nextAttemptAt.toISOString()})`;
          // The address and subject, never the text: it may hold a token.
          console.log(
            `${email.id}  ${state}  attempts=${email.attempts}  to=${email.to}  subject="${email.subject}"` +
              (email.lastError ? `  last error: ${email.lastError}` : ''),
          );
        }
      });
    },
  },
  serve: {
    summary: 'migrate, then serve the API on PORT until SIGINT/SIGTERM',
    usage: 'serve',
    run: async (args) => {
      noFlags(args);
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
  if (rest.includes('--help') || rest.includes('-h')) {
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
    if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
    else if (error instanceof AppError) {
      const fields = error.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
      console.error(`Error: ${error.detail.en}${fields ? ` (${fields})` : ''}`);
    } else if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    )
      console.error(error.message);
    else console.error(error instanceof Error ? `Error: ${error.message}` : String(error));
    process.exitCode = 1;
  },
);
