import type { PasswordHasher } from '../../src/kit/crypto/password.ts';

/** A fast, transparent hasher for logic tests; the real one has its own tests. */
export const fakePasswordHasher: PasswordHasher = {
  hash: (password) => Promise.resolve(`fake$${password}`),
  verify: (password, encoded) => Promise.resolve(encoded === `fake$${password}`),
  verifyNothing: () => Promise.resolve(),
  needsRehash: (encoded) => !encoded.startsWith('fake$'),
};
