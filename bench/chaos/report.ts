/** The drill's table, printed and written into RESILIENCE.md between its markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckResult } from './checks';

export const BEGIN = '<!-- chaos:begin (written by `npm run chaos`; edits between the markers are replaced) -->';
export const END = '<!-- chaos:end -->';
const FILE = join(__dirname, '..', '..', 'RESILIENCE.md');

export interface ScenarioRow {
  name: string;
  rtoMs?: number;
  detail: string;
  result: CheckResult;
}

const fmt = (n: number) => n.toLocaleString('en-US');
export const seconds = (ms: number | undefined) => (ms === undefined ? 'not recovered' : `${(ms / 1000).toFixed(2)} s`);

export function table(rows: ScenarioRow[]): string {
  const lines = [
    '| after | RTO: fault → first accepted write | recovery | acknowledged so far (registrations / teams) | lost | duplicate versions | version gaps | audit chain |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const c = r.result;
    const lost = c.lost === 0 ? '**0**' : `**${c.lost}** (${c.lostSample.join('; ')})`;
    lines.push(
      `| ${r.name} | ${r.rtoMs === undefined ? '—' : seconds(r.rtoMs)} | ${r.detail} | ${fmt(c.registrations)} / ${fmt(c.teams)} | ${lost} | ${c.duplicateVersions} | ${c.gaps} | ${c.chain} |`,
    );
  }
  return lines.join('\n');
}

export function section(body: {
  date: string;
  settings: string;
  loadBefore: string;
  loadAfter: string;
  rows: ScenarioRow[];
  verdict: string;
  totals: string;
}): string {
  return [
    BEGIN,
    '',
    `Last run: ${body.date}. ${body.settings}`,
    `Load average (1, 5, 15 min) before: ${body.loadBefore}; after: ${body.loadAfter}.`,
    '',
    table(body.rows),
    '',
    body.totals,
    '',
    `Verdict: ${body.verdict}`,
    '',
    END,
  ].join('\n');
}

const INTRO = `## Chaos drill: \`npm run chaos\`

Three Charter replicas (child processes) on a primary PostgreSQL with a synchronous streaming
standby, all throw-away and on loopback ports. Concurrent clients register new compatible versions
of a few shared subjects and create teams through GraphQL, spread over the live replicas; a write
counts as acknowledged only on \`200\` with its new id. Then, one after the other: a replica killed
with SIGKILL and restarted; PostgreSQL stopped with \`pg_ctl stop -m immediate\` and started again;
a failover (the primary stopped with \`-m immediate\`, the standby promoted, the replicas restarted
with \`DATABASE_URL\` on it). After each, the database itself is read: every acknowledged write
must be stored (lost = 0), no schema twice in a subject, no gap in version numbers, and
\`verifyAuditChain\` must pass. An RTO runs from the fault (the SIGKILL, or the return of
\`pg_ctl stop -m immediate -w\`, when the server is gone) to the first write accepted through any
replica that was sent after it. Settings:
\`CHAOS_WORKERS\`, \`CHAOS_SUBJECTS\`, \`CHAOS_LOAD_SECONDS\` (load between faults),
\`CHAOS_OUTAGE_SECONDS\`, \`CHAOS_DEADLINE_SECONDS\` (the drill gives up and cleans up after it).
`;

/** Replaces the marked section, or appends it with its introduction the first time. */
export function writeResilience(text: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Resilience figures\n';
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next =
    begin >= 0 && end > begin
      ? current.slice(0, begin) + text + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${INTRO}\n${text}\n`;
  writeFileSync(FILE, next);
}
