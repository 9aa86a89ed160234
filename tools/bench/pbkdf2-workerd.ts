/**
 * What one password hash costs in workerd: PBKDF2-SHA256 at 100 000 iterations (then the
 * pepper's HMAC, negligible), run in Miniflare's workerd, timed from outside (a Worker's own
 * clock stands still while it computes). `npx tsx tools/bench/pbkdf2-workerd.ts` prints the
 * median milliseconds per hash over several rounds; on an idle machine that is its CPU time.
 */
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';

const script = `export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get('n'));
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('a sturdy passphrase 1'), 'PBKDF2', false, ['deriveBits']);
    for (let i = 0; i < n; i++) {
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 100000 }, key, 256);
    }
    return new Response('ok');
  },
};`;

const miniflare = new Miniflare(
  convertV4MiniflareOptions({ modules: true, script, compatibilityDate: '2026-10-23' }),
);
const time = async (n: number) => {
  const started = performance.now();
  await (await miniflare.dispatchFetch(`http://bench.test/?n=${n}`)).text();
  return performance.now() - started;
};
await time(1);
const perHash: number[] = [];
for (let round = 0; round < 7; round++) {
  const base = await time(0);
  const ten = await time(10);
  perHash.push((ten - base) / 10);
}
perHash.sort((a, b) => a - b);
console.log(
  `PBKDF2-SHA256 100000 iterations in workerd: median ${perHash[3]?.toFixed(1)} ms per hash ` +
    `(min ${perHash[0]?.toFixed(1)}, max ${perHash[6]?.toFixed(1)})`,
);
await miniflare.dispatchFetch('http://bench.test/?n=0');
await miniflare.dispose();
