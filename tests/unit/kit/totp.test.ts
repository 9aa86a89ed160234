import { describe, expect, it } from 'vitest';
import { createAesGcmSecretBox } from '../../../src/kit/crypto/secret-box.ts';
import { newTotpSecret, totpStep, totpUri } from '../../../src/kit/crypto/totp.ts';
import { totpAt } from '../../support/rfc6238.ts';

// RFC 6238, appendix B: the SHA-1 test secret "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step)', () => {
  it("accepts the RFC's test vectors, reporting their step", () => {
    // Appendix B's 8-digit values, last 6 digits: 94287082 at 59 s, 07081804 at 1111111109 s.
    expect(totpStep(RFC_SECRET, '287082', new Date(59_000))).toBe(1);
    expect(totpStep(RFC_SECRET, '081804', new Date(1_111_111_109_000))).toBe(37_037_036);
  });

  it('accepts the step before and after, and nothing further', () => {
    const uri = totpUri({ secret: RFC_SECRET, issuer: 'test', label: 'ada' });
    const now = new Date(1_700_000_000_000);
    const code = (stepsAway: number) => totpAt(uri, new Date(now.getTime() + stepsAway * 30_000));
    const step = Math.floor(now.getTime() / 30_000);
    expect(totpStep(RFC_SECRET, code(0), now)).toBe(step);
    expect(totpStep(RFC_SECRET, code(-1), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, code(1), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, code(2), now)).toBeUndefined();
    expect(totpStep(RFC_SECRET, code(-2), now)).toBeUndefined();
    expect(totpStep(RFC_SECRET, 'abcdef', now)).toBeUndefined();
  });

  it('makes 20-byte secrets and a URI an authenticator reads', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri({ secret, issuer: 'user-edge-api', label: 'ada_l' });
    expect(uri).toContain('otpauth://totp/');
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('algorithm=SHA1&digits=6&period=30');
  });
});

describe('the AES-GCM secret box', () => {
  const key = btoa('0123456789abcdef0123456789abcdef');

  it('seals with a fresh IV each time and opens only under its key, unchanged', async () => {
    const box = createAesGcmSecretBox(key);
    const a = await box.seal('JBSWY3DPEHPK3PXP');
    const b = await box.seal('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await box.open(a)).toBe('JBSWY3DPEHPK3PXP');
    const other = createAesGcmSecretBox(btoa('fedcba9876543210fedcba9876543210'));
    await expect(other.open(a)).rejects.toThrow();
    // A character inside (every bit of it counts, unlike the last ones before padding).
    const tampered = a.slice(0, 20) + (a[20] === 'A' ? 'B' : 'A') + a.slice(21);
    await expect(box.open(tampered)).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createAesGcmSecretBox(btoa('short'))).toThrow(/32 bytes/);
  });
});
