import { parseArgs } from 'node:util';
import type { AppDeps } from './app.ts';
import type { UserResponse } from './models/dtos/user/repository/user.repository.dtos.ts';
import { USER_ROLES, type UserRole } from './models/entities/user.ts';

/** What a command needs of the running composition. */
type WithDeps = <T>(work: (deps: AppDeps) => Promise<T>) => Promise<T>;

/** An operator's mistake, reported as one line. */
type Mistake = (message: string) => Error;

/** The live user whose username is `username` (any case). */
async function byUsername(
  deps: AppDeps,
  username: string,
  mistake: Mistake,
): Promise<UserResponse> {
  const page = await deps.users.search({ username, page: 1, pageSize: 100, sort: 'username' });
  const user = page.items.find((item) => item.username.toLowerCase() === username.toLowerCase());
  if (!user) throw mistake(`No user is named "${username}".`);
  return user;
}

/**
 * Parses a per-user command's flags: `--username` (required), and `--role` or
 * `--password-stdin` for the commands that take them; any other flag is an error.
 */
export function usernameFlag(
  args: string[],
  mistake: Mistake,
  extra: { role?: boolean; passwordStdin?: boolean } = {},
) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      ...(extra.role ? { role: { type: 'string' as const } } : {}),
      ...(extra.passwordStdin ? { 'password-stdin': { type: 'boolean' as const } } : {}),
    },
    strict: true,
  });
  if (typeof values.username !== 'string' || values.username === '') {
    throw mistake('Give the user with --username <name>.');
  }
  return {
    username: values.username,
    role: typeof values.role === 'string' ? values.role : undefined,
    passwordStdin: values['password-stdin'] === true,
  };
}

/**
 * The command line's user administration: `activate` and `set-role`, through the same logic
 * (and the same admin-safety rules) as the API.
 *
 * @example
 * const commands = userCommands(withDeps, (m) => new UsageError(m));
 */
export function userCommands(withDeps: WithDeps, mistake: Mistake) {
  return {
    activate: {
      summary: 'activate a suspended user (the way back when no admin can log in)',
      usage: 'activate --username <name>',
      run: async (args: string[]) => {
        const { username } = usernameFlag(args, mistake);
        await withDeps(async (deps) => {
          const user = await byUsername(deps, username, mistake);
          const active = await deps.users.changeStatus(user.id, 'activate');
          console.log(`${active.username} is ${active.status}`);
        });
      },
    },
    'set-role': {
      summary: 'give a user a role (user or admin); the last active admin keeps its role',
      usage: `set-role --username <name> --role <${USER_ROLES.join('|')}>`,
      run: async (args: string[]) => {
        const { username, role } = usernameFlag(args, mistake, { role: true });
        if (!USER_ROLES.includes(role as UserRole)) {
          throw mistake(`Give --role as one of ${USER_ROLES.join(', ')}.`);
        }
        await withDeps(async (deps) => {
          const user = await byUsername(deps, username, mistake);
          const changed = await deps.users.changeRole({ id: user.id, role: role as UserRole });
          console.log(`${changed.username} is now ${changed.role}`);
        });
      },
    },
  };
}
