import { ProcessingRow } from './grant-query.service';
import { csvCell, groupByTopic, recordsCsv } from './records-of-processing';

const row = (o: Partial<ProcessingRow> = {}): ProcessingRow => ({
  requestId: '00000000-0000-4000-8000-000000000001',
  topic: 'orders',
  classification: 'CONFIDENTIAL',
  topicJurisdiction: 'EU',
  ownerTeam: 'shop',
  consumerTeam: 'fraud',
  applicationName: 'fraud-scoring',
  kafkaPrincipal: 'User:svc-fraud',
  operation: 'READ',
  purpose: 'score orders',
  purposeCategory: 'FRAUD_PREVENTION',
  consumerJurisdiction: 'US',
  crossBorder: true,
  legalBasisMechanism: 'STANDARD_CONTRACTUAL_CLAUSES',
  legalBasisReference: 'SCC-2030-01',
  grantStart: new Date('2030-01-01T00:00:00Z'),
  grantEnd: new Date('2030-03-01T00:00:00Z'),
  transfer: 'GRANT',
  targetCluster: null,
  ...o,
});

describe('records of processing', () => {
  it('groups ordered rows by topic', () => {
    const records = groupByTopic([row(), row({ consumerTeam: 'bi' }), row({ topic: 'payments', ownerTeam: 'pay' })]);
    expect(records.map((r) => [r.topic, r.ownerTeam, r.recipients.length])).toEqual([
      ['orders', 'shop', 2],
      ['payments', 'pay', 1],
    ]);
  });

  it('writes RFC 4180 CSV with a header', () => {
    const csv = recordsCsv([row({ purpose: 'score "risky", orders\nfast' })]);
    const [header, line] = csv.split('\r\n');
    expect(header.split(',')).toHaveLength(19);
    expect(header.startsWith('topic,classification,topic_jurisdiction,owner_team,consumer_team')).toBe(true);
    expect(csv).toContain('"score ""risky"", orders\nfast"');
    expect(line.startsWith('orders,CONFIDENTIAL,EU,shop,fraud,fraud-scoring,User:svc-fraud,READ,FRAUD_PREVENTION,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses cells a spreadsheet would evaluate', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
  });
});
