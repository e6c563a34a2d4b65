import { clientIdentityOf } from './client-identity';
import { consumersOf, describeReaders, readersOf, versionReadiness } from './consumers';
import { busiestFirst, MetricTopics } from './metric-topics';
import { ObservedRead, ReadTally } from './read-tally';

const read = (over: Partial<ObservedRead> = {}): ObservedRead => ({
  principal: 'rita',
  authenticated: true,
  teams: ['fraud'],
  client: { userAgent: 'kafkajs', clientId: '' },
  subject: 'orders-value',
  schemaId: 7,
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('ReadTally', () => {
  it('counts reads per reader, client, subject, schema and UTC day', () => {
    const tally = new ReadTally(100);
    tally.record(read(), at('2026-12-03T10:00:00Z'));
    tally.record(read(), at('2026-12-03T23:59:59Z'));
    tally.record(read(), at('2026-12-04T00:00:00Z'));
    tally.record(read({ client: { userAgent: 'kafkajs', clientId: 'b' } }), at('2026-12-03T11:00:00Z'));
    const batch = tally.drain();
    expect(batch.map((b) => [b.day, b.clientId, b.reads])).toEqual([
      ['2026-12-03', '', 2],
      ['2026-12-04', '', 1],
      ['2026-12-03', 'b', 1],
    ]);
    expect(batch[0]).toMatchObject({ firstAt: at('2026-12-03T10:00:00Z'), lastAt: at('2026-12-03T23:59:59Z') });
    expect(tally.size).toBe(0);
  });

  it('keeps memory bounded: new keys past the bound are dropped and counted, known keys keep counting', () => {
    const tally = new ReadTally(2);
    const now = at('2026-12-03T10:00:00Z');
    tally.record(read({ schemaId: 1 }), now);
    tally.record(read({ schemaId: 2 }), now);
    tally.record(read({ schemaId: 3 }), now);
    tally.record(read({ schemaId: 1 }), now);
    expect(tally.size).toBe(2);
    expect(tally.takeDropped()).toBe(1);
    expect(tally.takeDropped()).toBe(0);
  });

  it('restores a failed batch merged with what was counted meanwhile', () => {
    const tally = new ReadTally(10);
    tally.record(read(), at('2026-12-03T10:00:00Z'));
    const failed = tally.drain();
    tally.record(read(), at('2026-12-03T10:00:05Z'));
    tally.restore(failed);
    expect(tally.drain()).toEqual([expect.objectContaining({ reads: 2, firstAt: at('2026-12-03T10:00:00Z') })]);
  });
});

describe('clientIdentityOf', () => {
  it('keeps two headers only, without control characters, cut to their bounds', () => {
    expect(clientIdentityOf('a\nb\u0000c', undefined)).toEqual({ userAgent: 'abc', clientId: '' });
    expect(clientIdentityOf('u'.repeat(500), ['id-1', 'id-2'])).toEqual({ userAgent: 'u'.repeat(200), clientId: 'id-1' });
    expect(clientIdentityOf(undefined, 'c'.repeat(101)).clientId).toHaveLength(100);
  });
});

describe('MetricTopics', () => {
  it('gives labels to the busiest topics while slots are free, then counts the rest as other, for good', () => {
    const topics = new MetricTopics(2);
    const labels = busiestFirst([
      { topic: 'quiet', reads: 1 },
      { topic: 'busy', reads: 10 },
      { topic: 'medium', reads: 3 },
      { topic: 'busy', reads: 5 },
    ]).map((t) => topics.labelOf(t.topic));
    expect(labels).toEqual(['busy', 'medium', 'other']);
    expect(topics.labelOf('quiet')).toBe('other');
    expect(topics.labelOf('medium')).toBe('medium');
  });
});

describe('consumers and readiness', () => {
  const base = {
    authenticated: true,
    subject: 'orders-value',
    userAgent: 'kafkajs',
    clientId: '',
    firstReadAt: at('2026-12-01T00:00:00Z'),
    hasGrant: false,
    ownerMember: false,
  };

  it('folds reads per principal with the versions and clients used', () => {
    const consumers = consumersOf([
      { ...base, principal: 'rita', schemaId: 1, version: 1, reads: 2, lastReadAt: at('2026-12-02T00:00:00Z'), hasGrant: true },
      { ...base, principal: 'rita', schemaId: 2, version: 2, reads: 1, lastReadAt: at('2026-12-03T00:00:00Z'), clientId: 'x' },
      { ...base, principal: 'oscar', schemaId: 2, version: 2, reads: 5, lastReadAt: at('2026-12-02T00:00:00Z') },
    ]);
    expect(consumers.map((c) => [c.principal, c.reads, c.hasGrant, c.versions.map((v) => v.version), c.clients.length])).toEqual([
      ['oscar', 5, false, [2], 1],
      ['rita', 3, true, [1, 2], 2],
    ]);
    expect(consumers[1].lastReadAt).toEqual(at('2026-12-03T00:00:00Z'));
  });

  it('lists every version, read or not, and names the readers once', () => {
    const versions = versionReadiness([
      { subject: 'orders-value', version: 1, schemaId: 1, deleted: false, principal: null },
      {
        subject: 'orders-value',
        version: 2,
        schemaId: 2,
        deleted: false,
        principal: 'rita',
        userAgent: 'a',
        clientId: '',
        reads: 1,
        lastReadAt: at('2026-12-02T00:00:00Z'),
      },
      {
        subject: 'orders-value',
        version: 2,
        schemaId: 2,
        deleted: false,
        principal: 'rita',
        userAgent: 'b',
        clientId: 'c',
        reads: 2,
        lastReadAt: at('2026-12-03T00:00:00Z'),
      },
    ]);
    expect(versions.map((v) => [v.version, v.readers.map((r) => [r.principal, r.reads, r.clients.length])])).toEqual([
      [1, []],
      [2, [['rita', 3, 2]]],
    ]);
    expect(describeReaders(readersOf(versions))).toBe('rita (a, b; c)');
  });
});
