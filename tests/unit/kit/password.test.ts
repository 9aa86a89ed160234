import { describe, expect, it } from 'vitest';
import { createPbkdf2Hasher } from '../../../src/kit/crypto/password.ts';

const hasher = createPbkdf2Hasher({ iterations: 1_000 });

describe('PBKDF2 password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
  });

  it('stores the scheme and the cost beside a per-user salt, never the password', async () => {
    const a = await hasher.hash('same password!!');
    const b = await hasher.hash('same password!!');
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
  });

  it('verifies a hash made at another cost, so the cost can be raised later', async () => {
    const old = await createPbkdf2Hasher({ iterations: 500 }).hash('an older password');
    expect(await hasher.verify('an older password', old)).toBe(true);
  });

  it.each([
    '',
    'plain',
    'pbkdf2-sha256$x$a$b',
    'bcrypt$10$a$b',
    'pbkdf2-sha256$1000$!!$??',
    'pbkdf2-sha256$999999999$a$b',
  ])('rejects the unreadable stored hash %j instead of throwing', async (stored) => {
    expect(await hasher.verify('whatever password', stored)).toBe(false);
  });

  it('uses 100 000 iterations by default, the most workerd allows', async () => {
    expect(await createPbkdf2Hasher().hash('default cost pw')).toMatch(/^pbkdf2-sha256\$100000\$/);
  });
});

describe('the pepper (PASSWORD_PEPPER)', () => {
  const pepper = 'a server-side pepper of 32 bytes!';
  const peppered = createPbkdf2Hasher({ iterations: 1_000, pepper });

  it('HMACs the PBKDF2 result: the hash names the scheme and needs the same pepper', async () => {
    const stored = await peppered.hash('correct horse battery staple');
    expect(stored).toMatch(/^pbkdf2-sha256-hmac\$1000\$[\w-]{22}\$[\w-]{43}$/);
    expect(await peppered.verify('correct horse battery staple', stored)).toBe(true);
    expect(await peppered.verify('correct horse battery stapler', stored)).toBe(false);
    const otherPepper = createPbkdf2Hasher({ iterations: 1_000, pepper: `${pepper}?` });
    expect(await otherPepper.verify('correct horse battery staple', stored)).toBe(false);
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(false);
  });

  it('still verifies older hashes, and says which need upgrading', async () => {
    const old = await createPbkdf2Hasher({ iterations: 500 }).hash('an older password');
    expect(await peppered.verify('an older password', old)).toBe(true);
    expect(peppered.needsRehash(old)).toBe(true);
    expect(peppered.needsRehash(await hasher.hash('x'.repeat(12)))).toBe(true);
    expect(peppered.needsRehash(await peppered.hash('x'.repeat(12)))).toBe(false);
    expect(hasher.needsRehash(await hasher.hash('x'.repeat(12)))).toBe(false);
  });
});
