import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { isIP, LookupFunction } from 'node:net';
import { nonPublicRange } from '../domain/public-address';

/** Resolves a host name to every address it has (so that none can be picked behind our back). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (host) => dnsLookupAsync(host, { all: true, verbatim: true });

/** A webhook would have gone to an address that is not public; nothing was sent. */
export class AddressRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused to connect: ${reason}; webhooks go only to public addresses`);
    this.name = 'AddressRefusedError';
  }
}

/** The URL's host as the resolver and node:net see it (IPv6 literals without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Why `host`, resolved to `addresses`, may not be reached; null when every address is public. */
export function refusalOf(host: string, addresses: readonly string[]): string | null {
  if (addresses.length === 0) return `'${host}' resolves to no address`;
  for (const address of addresses) {
    const range = nonPublicRange(address);
    if (range) return address === host ? `${address} is ${range}` : `'${host}' resolves to ${address}, which is ${range}`;
  }
  return null;
}

/** The refusal for a host, resolving it when it is a name. Resolver failures are thrown. */
export async function hostRefusal(host: string, resolve: Resolve = systemResolve): Promise<string | null> {
  const addresses = isIP(host) ? [host] : (await resolve(host)).map((a) => a.address);
  return refusalOf(host, addresses);
}

/**
 * A `lookup` for node:http(s) that refuses non-public results. The check happens on the very
 * answer the socket connects to, so a name that resolved to a public address when the webhook
 * was set and to an internal one now (DNS rebinding) is refused, never connected. node:net skips
 * `lookup` for IP literals; the caller checks those itself.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const refusal = refusalOf(
      hostname,
      addresses.map((a) => a.address),
    );
    if (refusal) return callback(new AddressRefusedError(refusal), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};
