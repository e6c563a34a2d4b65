import { ProcessingRow } from './grant-query.service';

export interface TopicRecord {
  topic: string;
  classification: string;
  jurisdiction: string;
  ownerTeam: string;
  recipients: ProcessingRow[];
}

/** Rows arrive ordered by topic; one record per topic. */
export function groupByTopic(rows: readonly ProcessingRow[]): TopicRecord[] {
  const records: TopicRecord[] = [];
  for (const row of rows) {
    let record = records[records.length - 1];
    if (!record || record.topic !== row.topic) {
      record = {
        topic: row.topic,
        classification: row.classification,
        jurisdiction: row.topicJurisdiction,
        ownerTeam: row.ownerTeam,
        recipients: [],
      };
      records.push(record);
    }
    record.recipients.push(row);
  }
  return records;
}

const CSV_COLUMNS: Array<[string, (r: ProcessingRow) => string]> = [
  ['topic', (r) => r.topic],
  ['classification', (r) => r.classification],
  ['topic_jurisdiction', (r) => r.topicJurisdiction],
  ['owner_team', (r) => r.ownerTeam],
  ['consumer_team', (r) => r.consumerTeam],
  ['application', (r) => r.applicationName],
  ['kafka_principal', (r) => r.kafkaPrincipal],
  ['operation', (r) => r.operation],
  ['purpose_category', (r) => r.purposeCategory],
  ['purpose', (r) => r.purpose],
  ['consumer_jurisdiction', (r) => r.consumerJurisdiction],
  ['cross_border', (r) => String(r.crossBorder)],
  ['legal_basis', (r) => r.legalBasisMechanism ?? ''],
  ['legal_basis_reference', (r) => r.legalBasisReference ?? ''],
  ['grant_start', (r) => r.grantStart.toISOString()],
  ['grant_end', (r) => r.grantEnd.toISOString()],
  ['access_request_id', (r) => r.requestId],
  ['transfer', (r) => r.transfer],
  ['target_cluster', (r) => r.targetCluster ?? ''],
];

/**
 * RFC 4180 CSV (CRLF, quoted where needed). Cells a spreadsheet would run as a formula get a
 * leading apostrophe: purposes and references are free text typed by requesters.
 */
export function recordsCsv(rows: readonly ProcessingRow[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name), ...rows.map((r) => CSV_COLUMNS.map(([, get]) => get(r)))];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
