/** Where the address of a request can come from. */
export interface AddressSources {
  /** The TCP peer's address, when the runtime exposes it (Node, Deno). */
  readonly connection: string | undefined;
  /** The `X-Forwarded-For` header, as received. */
  readonly forwardedFor: string | undefined;
  /** The `CF-Connecting-IP` header, which Cloudflare's edge sets (and overwrites). */
  readonly cfConnectingIp: string | undefined;
}

/** How far the deployment trusts what is in front of it. */
export interface AddressTrust {
  /**
   * How many proxies of ours append to `X-Forwarded-For`: the client is the N-th address
   * from the right. 0 (the default) ignores the header, which any client can write.
   */
  readonly trustProxyHops: number;
  /** Running on Cloudflare's edge, where `CF-Connecting-IP` is the platform's word. */
  readonly edge: boolean;
}

/**
 * The client's address: with `trustProxyHops` N > 0, the N-th address from the right of
 * `X-Forwarded-For` (the leftmost one when the header has fewer); at the edge,
 * `CF-Connecting-IP`; else the connection's address; `'unknown'` when none is known.
 *
 * @example
 * clientAddress({ connection: '127.0.0.1', forwardedFor: '192.0.2.1, 198.51.100.7', cfConnectingIp: undefined },
 *   { trustProxyHops: 1, edge: false }); // '198.51.100.7'
 */
export function clientAddress(sources: AddressSources, trust: AddressTrust): string {
  if (trust.trustProxyHops > 0 && sources.forwardedFor !== undefined) {
    const hops = sources.forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    const address = hops[Math.max(0, hops.length - trust.trustProxyHops)];
    if (address !== undefined) return address;
  }
  if (trust.edge && sources.cfConnectingIp) return sources.cfConnectingIp.trim();
  return sources.connection ?? 'unknown';
}
