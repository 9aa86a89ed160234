import { createHmac } from 'node:crypto';

/**
 * RFC 6238 written out for tests, independent of the service's TOTP library: what a real
 * authenticator app computes from the `otpauth://` URI an enrolment answers.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

/** The secret and parameters of an `otpauth://totp/…` URI; fails on anything else. */
export function parseOtpauthUri(uri: string): { secret: string; digits: number; period: number } {
  const url = new URL(uri);
  if (url.protocol !== 'otpauth:' || url.host !== 'totp') throw new Error(`not a TOTP URI: ${uri}`);
  const secret = url.searchParams.get('secret');
  if (!secret) throw new Error('no secret in the URI');
  const algorithm = url.searchParams.get('algorithm') ?? 'SHA1';
  if (algorithm !== 'SHA1') throw new Error(`unexpected algorithm ${algorithm}`);
  return {
    secret,
    digits: Number(url.searchParams.get('digits') ?? 6),
    period: Number(url.searchParams.get('period') ?? 30),
  };
}

/** The code of the step `at` falls in (RFC 4226 dynamic truncation over HMAC-SHA-1). */
export function totpAt(uri: string, at: Date): string {
  const { secret, digits, period } = parseOtpauthUri(uri);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / period)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}
