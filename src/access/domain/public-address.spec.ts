import { nonPublicRange } from './public-address';

describe('public addresses for webhooks', () => {
  describe('IPv4', () => {
    it.each([
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', '"this network" (0.0.0.0/8)'],
      ['0.255.255.255', '"this network" (0.0.0.0/8)'],
      ['10.0.0.1', 'private (RFC 1918)'],
      ['10.255.255.255', 'private (RFC 1918)'],
      ['100.64.0.1', 'carrier-grade NAT (shared)'],
      ['100.127.255.254', 'carrier-grade NAT (shared)'],
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['169.254.0.1', 'link-local'],
      ['172.16.5.4', 'private (RFC 1918)'],
      ['172.31.255.255', 'private (RFC 1918)'],
      ['192.0.0.8', 'IETF protocol assignments (192.0.0.0/24)'],
      ['192.0.0.170', 'IETF protocol assignments (192.0.0.0/24)'],
      ['192.0.2.10', 'documentation (TEST-NET-1)'],
      ['192.88.99.1', '6to4 relay anycast (deprecated)'],
      ['192.168.1.1', 'private (RFC 1918)'],
      ['198.18.0.1', 'benchmarking'],
      ['198.19.255.255', 'benchmarking'],
      ['198.51.100.7', 'documentation (TEST-NET-2)'],
      ['203.0.113.99', 'documentation (TEST-NET-3)'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['240.0.0.1', 'reserved (240.0.0.0/4)'],
      ['254.1.2.3', 'reserved (240.0.0.0/4)'],
      ['255.255.255.255', 'broadcast'],
      // Spellings an attacker might hope slip past a string check.
      ['2130706433', 'loopback'],
      ['0x7f.0.0.1', 'loopback'],
      ['0177.0.0.1', 'loopback'],
      ['0xa9fea9fe', 'link-local'],
    ])('refuses %s as %s', (ip, range) => {
      expect(nonPublicRange(ip)).toBe(range);
    });

    it.each([
      '1.1.1.1',
      '8.8.8.8',
      '93.184.215.14',
      '1.0.0.1',
      '9.255.255.255',
      '11.0.0.1',
      '100.63.255.255',
      '100.128.0.1',
      '126.255.255.255',
      '128.0.0.1',
      '169.253.255.255',
      '169.255.0.1',
      '172.15.255.255',
      '172.32.0.1',
      '192.0.1.1',
      '192.0.3.1',
      '192.88.98.1',
      '192.167.255.255',
      '192.169.0.1',
      '198.17.255.255',
      '198.20.0.1',
      '198.51.99.1',
      '203.0.112.1',
      '223.255.255.255',
    ])('accepts the public address %s', (ip) => {
      expect(nonPublicRange(ip)).toBeNull();
    });
  });

  describe('IPv6', () => {
    it.each([
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['fc00::1', 'unique-local'],
      ['fd12:3456:789a::1', 'unique-local'],
      ['fec0::1', 'site-local (deprecated)'],
      ['ff02::1', 'multicast'],
      ['ff0e::1', 'multicast'],
      ['100::1', 'discard-only'],
      ['5f00::1', 'SRv6 SIDs (5f00::/16)'],
      ['5f00:1234::5', 'SRv6 SIDs (5f00::/16)'],
      ['1::1', 'not global unicast (outside 2000::/3)'],
      ['4000::1', 'not global unicast (outside 2000::/3)'],
      ['e000::1', 'not global unicast (outside 2000::/3)'],
      // Special-purpose blocks inside 2000::/3.
      ['2001::1', 'Teredo (2001::/32)'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (2001::/32)'],
      ['2001:1::1', 'IETF protocol assignments (2001::/23)'],
      ['2001:2::1', 'benchmarking (2001:2::/48)'],
      ['2001:3::1', 'IETF protocol assignments (2001::/23)'],
      ['2001:4:112::1', 'IETF protocol assignments (2001::/23)'],
      ['2001:10::1', 'ORCHID (2001:10::/28)'],
      ['2001:20::1', 'ORCHIDv2 (2001:20::/28)'],
      ['2001:2f:ffff::1', 'ORCHIDv2 (2001:20::/28)'],
      ['2001:30::1', 'IETF protocol assignments (2001::/23)'],
      ['2001:1ff:ffff::1', 'IETF protocol assignments (2001::/23)'],
      ['2001:db8::1', 'documentation (2001:db8::/32)'],
      ['2001:db8:ffff::1', 'documentation (2001:db8::/32)'],
      ['3fff::1', 'documentation (3fff::/20)'],
      ['3fff:fff:ffff::1', 'documentation (3fff::/20)'],
      // Forms that carry an IPv4 address are judged by it.
      ['::ffff:127.0.0.1', 'IPv4-mapped of 127.0.0.1, which is loopback'],
      ['::ffff:a9fe:a9fe', 'IPv4-mapped of 169.254.169.254, which is link-local'],
      ['::ffff:10.1.2.3', 'IPv4-mapped of 10.1.2.3, which is private (RFC 1918)'],
      ['::ffff:0:a9fe:a9fe', 'IPv4-translated (SIIT) of 169.254.169.254, which is link-local'],
      ['64:ff9b::a00:1', 'NAT64 (64:ff9b::/96) of 10.0.0.1, which is private (RFC 1918)'],
      ['64:ff9b::a9fe:a9fe', 'NAT64 (64:ff9b::/96) of 169.254.169.254, which is link-local'],
      ['64:ff9b::127.0.0.1', 'NAT64 (64:ff9b::/96) of 127.0.0.1, which is loopback'],
      ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64 (64:ff9b:1::/48), carrying 169.254.169.254, which is link-local'],
      ['64:ff9b:1::808:808', 'local-use NAT64 (64:ff9b:1::/48)'],
      ['64:ff9b:1:ffff::808:808', 'local-use NAT64 (64:ff9b:1::/48)'],
      ['64:ff9b:1::169.254.169.254', 'local-use NAT64 (64:ff9b:1::/48), carrying 169.254.169.254, which is link-local'],
      ['::ffff:169.254.169.254', 'IPv4-mapped of 169.254.169.254, which is link-local'],
      ['2002:a00:1::1', '6to4 of 10.0.0.1, which is private (RFC 1918)'],
      ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254, which is link-local'],
      ['2002:7f00:1::', '6to4 of 127.0.0.1, which is loopback'],
      ['::7f00:1', 'IPv4-compatible (deprecated), carrying 127.0.0.1, which is loopback'],
      ['::a9fe:a9fe', 'IPv4-compatible (deprecated), carrying 169.254.169.254, which is link-local'],
      ['::808:808', 'IPv4-compatible (deprecated)'],
      ['localhost', 'not an IP address'],
      ['', 'not an IP address'],
      ['[::1]', 'not an IP address'],
    ])('refuses %s as %s', (ip, range) => {
      expect(nonPublicRange(ip)).toBe(range);
    });

    it.each([
      '2606:4700:4700::1111',
      '2a00:1450:4001:82a::200e',
      '2001:4860:4860::8888',
      '2001:200::1',
      '2001:db7:ffff::1',
      '2001:db9::1',
      '2003::1',
      '2620:4f:8000::1',
      '3ffe::1',
      '3ff0::1',
      '3fff:1000::1',
      '2c0f:fb50::1',
      '::ffff:93.184.215.14',
      '::ffff:0:808:808',
      '64:ff9b::808:808',
      '64:ff9b::1.1.1.1',
      '2002:808:808::1',
    ])('accepts the global unicast address %s', (ip) => {
      expect(nonPublicRange(ip)).toBeNull();
    });
  });
});
