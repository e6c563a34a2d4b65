import { isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may be sent to. A webhook URL is chosen by a team member, and Charter
 * runs inside the operator's network: posting to loopback, private or link-local addresses (the
 * cloud metadata service at 169.254.169.254 among them) would let a team make Charter reach
 * services no team should reach (server-side request forgery).
 *
 * The rule is an allow-list: public unicast IPv4, and IPv6 global unicast (2000::/3) minus the
 * special-purpose blocks of the IANA registries that are not globally reachable. Forms that carry
 * an IPv4 address (IPv4-mapped, SIIT, NAT64, 6to4, IPv4-compatible) are judged by that address,
 * since that is where a packet ends up. A new special-purpose block outside 2000::/3 is refused
 * without anyone having to list it.
 */

type Block = readonly [cidr: string, name: string];

/** IPv4 blocks that are not public unicast (RFC 6890 and the IANA IPv4 special-purpose registry). */
const V4_BLOCKS: readonly Block[] = [
  ['0.0.0.0/32', 'unspecified'],
  ['0.0.0.0/8', '"this network" (0.0.0.0/8)'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (shared)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.88.99.0/24', '6to4 relay anycast (deprecated)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved (240.0.0.0/4)'],
];

/** IPv6 blocks outside 2000::/3, named so that a refusal says what the address is. */
const V6_NAMED: readonly Block[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'local-use NAT64 (64:ff9b:1::/48)'],
  ['100::/64', 'discard-only'],
  ['5f00::/16', 'SRv6 SIDs (5f00::/16)'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];

/**
 * Blocks inside 2000::/3 that are not globally reachable. All of 2001::/23 (IETF protocol
 * assignments) is refused, its few globally reachable anycast entries included: none of them
 * (PCP, TURN, AMT, AS112 relays; ORCHID identifiers, which are not locators) is a webhook receiver.
 */
const V6_SPECIAL: readonly Block[] = [
  ['2001::/32', 'Teredo (2001::/32)'],
  ['2001:2::/48', 'benchmarking (2001:2::/48)'],
  ['2001:10::/28', 'ORCHID (2001:10::/28)'],
  ['2001:20::/28', 'ORCHIDv2 (2001:20::/28)'],
  ['2001::/23', 'IETF protocol assignments (2001::/23)'],
  ['2001:db8::/32', 'documentation (2001:db8::/32)'],
  ['3fff::/20', 'documentation (3fff::/20)'],
];

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const V4_MAPPED = ipaddr.IPv6.parseCIDR('::ffff:0:0/96');
const V4_TRANSLATED = ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96');
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const LOCAL_NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');
const V4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

const parsedV4 = V4_BLOCKS.map(([cidr, name]) => [ipaddr.IPv4.parseCIDR(cidr), name] as const);
const parsedV6Named = V6_NAMED.map(([cidr, name]) => [ipaddr.IPv6.parseCIDR(cidr), name] as const);
const parsedV6Special = V6_SPECIAL.map(([cidr, name]) => [ipaddr.IPv6.parseCIDR(cidr), name] as const);

/**
 * Why `ip` is not a public address (`'loopback'`, `'private (RFC 1918)'`, ...), or null when it
 * is one. Text that is not an IP address is refused as well, so a caller cannot slip past.
 */
export function nonPublicRange(ip: string): string | null {
  if (typeof ip !== 'string') return 'not an IP address';
  const text = canonicalV6(ip);
  if (!ipaddr.isValid(text)) return 'not an IP address';
  const address = ipaddr.parse(text);
  return address.kind() === 'ipv4' ? v4Range(address as ipaddr.IPv4) : v6Range(address as ipaddr.IPv6);
}

/**
 * IPv6 written with a dotted tail (`64:ff9b::127.0.0.1`) is valid and reaches the same address as
 * its hex spelling, but ipaddr.js parses it only after `::ffff:`; the WHATWG URL parser gives the
 * canonical hex form.
 */
function canonicalV6(ip: string): string {
  if (!ip.includes('.') || !isIPv6(ip)) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

function v4Range(address: ipaddr.IPv4): string | null {
  return parsedV4.find(([cidr]) => address.match(cidr))?.[1] ?? null;
}

function v6Range(address: ipaddr.IPv6): string | null {
  // Forms that deliver to the IPv4 address they carry: that address decides.
  if (address.match(V4_MAPPED)) return embedded('IPv4-mapped', lastV4(address));
  if (address.match(V4_TRANSLATED)) return embedded('IPv4-translated (SIIT)', lastV4(address));
  if (address.match(NAT64)) return embedded('NAT64 (64:ff9b::/96)', lastV4(address));
  if (address.match(SIX_TO_FOUR)) return embedded('6to4', sixToFourV4(address));
  if (!address.match(GLOBAL_UNICAST)) return outsideGlobalUnicast(address);
  return parsedV6Special.find(([cidr]) => address.match(cidr))?.[1] ?? null;
}

/** Always refused; the name says which block, and which IPv4 address it would reach if it carries one. */
function outsideGlobalUnicast(address: ipaddr.IPv6): string {
  const named = parsedV6Named.find(([cidr]) => address.match(cidr))?.[1];
  if (named) {
    // A local NAT64 translator reaches whatever its network holds; the common /96 layout shows where.
    if (address.match(LOCAL_NAT64)) return withCarried(named, lastV4(address));
    return named;
  }
  if (address.match(V4_COMPATIBLE)) return withCarried('IPv4-compatible (deprecated)', lastV4(address));
  return 'not global unicast (outside 2000::/3)';
}

function embedded(form: string, v4: ipaddr.IPv4): string | null {
  const range = v4Range(v4);
  return range ? `${form} of ${v4.toString()}, which is ${range}` : null;
}

function withCarried(name: string, v4: ipaddr.IPv4): string {
  const range = v4Range(v4);
  return range ? `${name}, carrying ${v4.toString()}, which is ${range}` : name;
}

function lastV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const [high, low] = address.parts.slice(-2);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** 2002:AABB:CCDD::/48 carries AA.BB.CC.DD. */
function sixToFourV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const [, high, low] = address.parts;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
