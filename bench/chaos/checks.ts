/**
 * What must hold after every fault, read from the database itself rather than from Charter's
 * answers: every acknowledged write is stored, versions are unique and without gaps, and the
 * audit chain verifies.
 */
import { Ack } from './load';
import { Replica, sql, TOKEN } from './stack';

export interface CheckResult {
  registrations: number;
  teams: number;
  lost: number;
  lostSample: string[];
  duplicateVersions: number;
  gaps: number;
  chain: string;
  chainValid: boolean;
}

export async function check(databaseUrl: string, acks: readonly Ack[], replicas: Replica[]): Promise<CheckResult> {
  // Taken before the queries: whatever was acknowledged by now must be visible to them.
  const snapshot = [...acks];
  const versions = await sql<{ subject: string; version: number; schema_id: number }>(
    databaseUrl,
    'SELECT subject, version, schema_id FROM registry_subject_version WHERE NOT deleted',
  );
  const stored = new Set(versions.map((v) => `${v.subject}/${v.schema_id}`));
  const teams = new Set(
    (await sql<{ slug: string; id: string }>(databaseUrl, 'SELECT slug, id::text AS id FROM team')).map((t) => `${t.slug}/${t.id}`),
  );
  const lost = snapshot.filter((a) => !(a.kind === 'registration' ? stored : teams).has(`${a.key}/${a.id}`));

  // One schema under two versions of a subject would be a registration taken twice.
  const duplicates = await sql<{ n: string }>(
    databaseUrl,
    `SELECT count(*) AS n FROM (SELECT subject, schema_id FROM registry_subject_version GROUP BY subject, schema_id HAVING count(*) > 1) d`,
  );
  const gaps = await sql<{ n: string }>(
    databaseUrl,
    `SELECT coalesce(sum(max_v - n), 0) AS n FROM (SELECT max(version) AS max_v, count(*) AS n FROM registry_subject_version GROUP BY subject) s`,
  );
  const chain = await verifyChain(replicas);
  return {
    registrations: snapshot.filter((a) => a.kind === 'registration').length,
    teams: snapshot.filter((a) => a.kind === 'team').length,
    lost: lost.length,
    lostSample: lost.slice(0, 5).map((a) => `${a.kind} ${a.key} ${a.id}`),
    duplicateVersions: Number(duplicates[0].n),
    gaps: Number(gaps[0].n),
    chain: chain.text,
    chainValid: chain.valid,
  };
}

/** GraphQL `verifyAuditChain` through the first live replica that answers. */
async function verifyChain(replicas: Replica[]): Promise<{ valid: boolean; text: string }> {
  for (const replica of replicas.filter((r) => r.up)) {
    try {
      const res = await fetch(`${replica.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ verifyAuditChain { valid checked unsealed firstBrokenSeq reason } }' }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as {
        data?: { verifyAuditChain?: { valid: boolean; checked: number; unsealed: number; firstBrokenSeq?: string; reason?: string } };
      };
      const v = body.data?.verifyAuditChain;
      if (!v) continue;
      return v.valid
        ? {
            valid: true,
            text: `valid (${v.checked.toLocaleString('en-US')} entries${v.unsealed ? `, ${v.unsealed} not chained yet` : ''})`,
          }
        : { valid: false, text: `BROKEN at ${v.firstBrokenSeq} (${v.reason})` };
    } catch {
      // try the next replica
    }
  }
  return { valid: false, text: 'not verified: no replica answered' };
}
