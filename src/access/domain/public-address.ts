import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may be sent to. A webhook URL is chosen by a team member, and Charter
 * runs inside the operator's network: posting to loopback, private or link-local addresses (the
 * cloud metadata service at 169.254.169.254 among them) would let a team make Charter reach
 * services no team should reach (server-side request forgery). Only globally routable unicast
 * addresses pass.
 */

/** Human names of the ranges ipaddr.js reports, for messages. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (shared)',
  private: 'private (RFC 1918)',
  reserved: 'reserved',
  uniqueLocal: 'unique-local',
  '6to4': 'IPv6 transition (6to4)',
  teredo: 'IPv6 transition (Teredo)',
};

/** Ranges ipaddr.js counts as unicast but that are not public either. */
const EXTRA_V4: Array<[string, string]> = [['198.18.0.0/15', 'reserved (benchmarking)']];
const EXTRA_V6: Array<[string, string]> = [
  ['fec0::/10', 'site-local'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['100::/64', 'discard-only'],
];

/**
 * Why `ip` is not a public address (`'loopback'`, `'private (RFC 1918)'`, ...), or null when it
 * is one. Text that is not an IP address is refused as well, so a caller cannot slip past.
 */
export function nonPublicRange(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return 'not an IP address';
  const address = ipaddr.parse(ip);
  if (address.kind() === 'ipv4') return v4Range(address as ipaddr.IPv4);
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  // Addresses that embed an IPv4 address reach that address (mapped, SIIT, NAT64): judge it.
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return v4Range(embeddedV4(v6));
  if (range !== 'unicast') return RANGE_NAMES[range] ?? range;
  return EXTRA_V6.find(([cidr]) => v6.match(ipaddr.IPv6.parseCIDR(cidr)))?.[1] ?? null;
}

function v4Range(address: ipaddr.IPv4): string | null {
  const range = address.range();
  if (range !== 'unicast') return RANGE_NAMES[range] ?? range;
  return EXTRA_V4.find(([cidr]) => address.match(ipaddr.IPv4.parseCIDR(cidr)))?.[1] ?? null;
}

function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const [high, low] = address.parts.slice(-2);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
