import { fromBase64Url, toBase64 } from './encoding.ts';

/** Seals short secrets (a TOTP secret) for storage: AES-256-GCM under one key. */
export interface SecretBox {
  seal(plain: string): Promise<string>;
  /** @throws when the text was not sealed under this key, or was changed. */
  open(sealed: string): Promise<string>;
}

const VERSION = 'v1';

/** The bytes of a base64 (or base64url) key; throws unless they are 32. */
export function aesKeyBytes(keyBase64: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64Url(keyBase64.trim());
  if (bytes.length !== 32) throw new Error('the key must be 32 bytes, base64');
  return bytes;
}

/**
 * A `SecretBox` over WebCrypto's AES-GCM: a fresh 96-bit IV per seal, the 128-bit tag
 * checked on open. Sealed text is `v1.<iv>.<ciphertext+tag>`, base64. The key is imported
 * on first use (WebCrypto is asynchronous; composition roots are not).
 *
 * @example
 * const box = createAesGcmSecretBox(config.MFA_ENCRYPTION_KEY);
 * const stored = await box.seal(secret);
 */
export function createAesGcmSecretBox(keyBase64: string): SecretBox {
  const raw = aesKeyBytes(keyBase64);
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  const cryptoKey = () =>
    (key ??= crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv },
        await cryptoKey(),
        new TextEncoder().encode(plain),
      );
      return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split('.');
      if (version !== VERSION || !iv || !data) throw new Error('not a sealed secret');
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64Url(iv) },
        await cryptoKey(),
        fromBase64Url(data),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
