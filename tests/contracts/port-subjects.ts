import { afterAll } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { rememberReadsOf } from '../../src/db/versioned-memo.ts';
import { createMemoryCache } from '../../src/kit/cache/memory-cache.ts';
import { createAuthDbAdapter } from '../../src/repositories/auth/adapters/auth-db.adapter.ts';
import type { AuthRepository } from '../../src/repositories/auth/auth.repository.port.ts';
import { createAuthRepository } from '../../src/repositories/auth/auth.repository.ts';
import { createOneTimeTokenDbAdapter } from '../../src/repositories/auth/adapters/one-time-token-db.adapter.ts';
import { createSessionDbAdapter } from '../../src/repositories/auth/adapters/session-db.adapter.ts';
import { createOutboxDbAdapter } from '../../src/repositories/email/adapters/outbox-db.adapter.ts';
import type { OutboxRepository } from '../../src/repositories/email/outbox.repository.port.ts';
import { InMemoryOutboxRepository } from '../fakes/in-memory-outbox.repository.ts';
import { createUserCacheAdapter } from '../../src/repositories/user/adapters/user-cache.adapter.ts';
import { createUserDbAdapter } from '../../src/repositories/user/adapters/user-db.adapter.ts';
import type { UserRepository } from '../../src/repositories/user/user.repository.port.ts';
import { createUserRepository } from '../../src/repositories/user/user.repository.ts';
import { createMfaDbAdapter } from '../../src/repositories/mfa/adapters/mfa-db.adapter.ts';
import type { MfaRepository } from '../../src/repositories/mfa/mfa.repository.port.ts';
import { createMfaRepository } from '../../src/repositories/mfa/mfa.repository.ts';
import { InMemoryAuthRepository } from '../fakes/in-memory-auth.repository.ts';
import { InMemoryMfaRepository } from '../fakes/in-memory-mfa.repository.ts';
import { InMemoryUserRepository } from '../fakes/in-memory-user.repository.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

/** The repository ports, over one store, as logic sees them. */
export interface PortSubject {
  readonly users: UserRepository;
  readonly auth: AuthRepository;
  readonly mfa: MfaRepository;
  readonly outbox: OutboxRepository;
}

/** A name and a factory of fresh, empty subjects: one per test. */
export type SubjectMaker = readonly [name: string, make: () => Promise<PortSubject>];

/**
 * The implementations every port contract runs against: the in-memory fakes the unit tests
 * use, and the production wiring (repositories over the Drizzle adapters on a migrated
 * libSQL file, with an in-process cache and the principal read remembered, as on Node).
 * Call once per spec file, at the top level.
 */
export function portSubjects(): SubjectMaker[] {
  const factory = new TestDatabaseFactory();
  const handles: DatabaseHandle[] = [];
  afterAll(() => {
    for (const handle of handles) handle.client.close();
    factory.dispose();
  });
  return [
    [
      'the in-memory fakes',
      () => {
        const users = new InMemoryUserRepository();
        return Promise.resolve({
          users,
          auth: new InMemoryAuthRepository(users),
          mfa: new InMemoryMfaRepository(users),
          outbox: new InMemoryOutboxRepository(users),
        });
      },
    ],
    [
      'Drizzle on libSQL',
      async () => {
        const handle = await factory.create();
        handles.push(handle);
        const cache = createUserCacheAdapter(createMemoryCache());
        return {
          users: createUserRepository({ db: createUserDbAdapter(handle.db), cache }),
          auth: createAuthRepository({
            // As the Node composition root wires it: the principal read remembered.
            db: createAuthDbAdapter(handle.db, { remember: rememberReadsOf(handle.client) }),
            sessions: createSessionDbAdapter(handle.db),
            oneTimeTokens: createOneTimeTokenDbAdapter(handle.db),
            evictCachedUser: (userId) => cache.evict(userId),
          }),
          mfa: createMfaRepository({
            db: createMfaDbAdapter(handle.db),
            evictCachedUser: (userId) => cache.evict(userId),
          }),
          outbox: createOutboxDbAdapter(handle.db),
        };
      },
    ],
  ];
}

let sequence = 0;

/** A distinct UUID-shaped id. */
export const nextId = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

export const T0 = new Date('2026-04-01T09:00:00.000Z');

/** `T0` plus `ms`. */
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** Creates the subject's one user, ada (`ada@example.com`, hash `the-hash`), at T0: its id. */
export async function seedUser(subject: PortSubject, username = 'Ada'): Promise<string> {
  const id = nextId();
  await subject.users.create({
    id,
    username,
    email: 'ada@example.com',
    passwordHash: 'the-hash',
    role: 'user',
    now: T0,
  });
  return id;
}
