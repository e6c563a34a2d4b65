import { csvCell } from '../access/records-of-processing';
import { TopicReaders } from './domain/consumers';

const COLUMNS = [
  'topic',
  'classification',
  'owner_team',
  'principal',
  'authenticated',
  'has_grant',
  'owner_team_member',
  'subject',
  'version',
  'schema_id',
  'user_agent',
  'client_id',
  'reads',
  'first_read_at',
  'last_read_at',
];

/** One line per topic, reader, client and version read: what an auditor filters in a spreadsheet. RFC 4180, formula-safe. */
export function consumersCsv(topics: readonly TopicReaders[]): string {
  const lines = [COLUMNS];
  for (const t of topics) {
    for (const r of t.reads) {
      lines.push([
        t.topic,
        t.classification,
        t.ownerTeam,
        r.principal,
        String(r.authenticated),
        String(r.hasGrant),
        String(r.ownerMember),
        r.subject,
        r.version === null ? '' : String(r.version),
        String(r.schemaId),
        r.userAgent,
        r.clientId,
        String(r.reads),
        r.firstReadAt.toISOString(),
        r.lastReadAt.toISOString(),
      ]);
    }
  }
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
