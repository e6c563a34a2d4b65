import { nonPublicRange } from './public-address';

describe('public addresses for webhooks', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private (RFC 1918)'],
    ['172.16.5.4', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['100.64.0.1', 'carrier-grade NAT (shared)'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved (benchmarking)'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'site-local'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['2001:db8::1', 'reserved'],
    ['2002:a00:1::1', 'IPv6 transition (6to4)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private (RFC 1918)'],
    ['64:ff9b::a00:1', 'private (RFC 1918)'],
    ['localhost', 'not an IP address'],
    ['', 'not an IP address'],
  ])('refuses %s as %s', (ip, range) => {
    expect(nonPublicRange(ip)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:93.184.215.14', '64:ff9b::808:808'])(
    'accepts the public address %s',
    (ip) => {
      expect(nonPublicRange(ip)).toBeNull();
    },
  );
});
