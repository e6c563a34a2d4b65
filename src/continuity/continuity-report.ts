import type { ContinuityConfig } from '../config/continuity-config';
import type { Database } from '../database/open-database';

export interface PlaneState {
  plane: string;
  rpoSeconds: number;
  rtoSeconds: number;
  /** What the measured recovery point is made of: replication lag, last backup age, outbox age. */
  measure: string;
  /** Seconds of data that would be lost (or delayed) now; null when nothing is measured yet. */
  measuredRpoSeconds: number | null;
  /** The last drill's restore time, for the planes a backup restores. */
  measuredRtoSeconds: number | null;
  withinObjectives: boolean;
}

const seconds = (v: unknown) => (v === null || v === undefined ? null : Math.max(0, Number(v)));

/**
 * Each plane with its declared objectives and what is measured now. The store's recovery point is
 * the standby's replay lag when there is a streaming standby, otherwise the age of the last good
 * backup; outbound links are measured by the oldest webhook still waiting to be delivered, and
 * each running schema exporter by the oldest registry change it has not pushed yet.
 */
export async function continuityReport(database: Database, config: ContinuityConfig): Promise<PlaneState[]> {
  const q = (sql: string) => database.dataSource.query(sql);
  const [{ age: backupAge }] = await q(
    `SELECT EXTRACT(EPOCH FROM now() - max(created_at))::float8 AS age FROM continuity_backup WHERE deleted_at IS NULL AND verified_at IS NOT NULL`,
  );
  const [drill] = await q(`SELECT rto_ms FROM continuity_drill WHERE outcome = 'ok' ORDER BY started_at DESC LIMIT 1`);
  const [{ age: outboxAge }] = await q(
    `SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL`,
  );
  let replicationLag: number | null = null;
  if (database.kind === 'postgres') {
    // On a primary: the worst standby's replay lag; on a standby: how far behind its own replay is.
    const [{ standby }] = await q(`SELECT pg_is_in_recovery() AS standby`);
    const [{ lag }] = standby
      ? await q(`SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag`)
      : await q(`SELECT EXTRACT(EPOCH FROM max(replay_lag))::float8 AS lag FROM pg_stat_replication`);
    replicationLag = seconds(lag);
  }
  const drillRto = drill ? Number(drill.rto_ms) / 1000 : null;
  const store = config.objectives.store;
  const storeRpo = replicationLag ?? seconds(backupAge);
  const outbox = config.objectives.outbox;
  const within = (rpo: number | null, rto: number | null, o: { rpoSeconds: number; rtoSeconds: number }) =>
    rpo !== null && rpo <= o.rpoSeconds && (rto === null || rto <= o.rtoSeconds);
  // Each schema exporter is an outbound link too: its lag is what a destination would lack now.
  const exporters: Array<{ name: string; age: number | null }> = await q(
    `SELECT e.name, (SELECT EXTRACT(EPOCH FROM now() - min(c.at))::float8 FROM registry_change c WHERE c.seq > e."offset") AS age
       FROM exporter e WHERE e.state <> 'PAUSED' ORDER BY e.name`,
  );
  const exporterPlanes: PlaneState[] = exporters.map((e) => ({
    plane: `exporter:${e.name}`,
    rpoSeconds: outbox.rpoSeconds,
    rtoSeconds: outbox.rtoSeconds,
    measure: 'age of the oldest registry change the exporter has not pushed',
    measuredRpoSeconds: seconds(e.age) ?? 0,
    measuredRtoSeconds: null,
    withinObjectives: within(seconds(e.age) ?? 0, null, outbox),
  }));
  return [
    {
      plane: 'store',
      rpoSeconds: store.rpoSeconds,
      rtoSeconds: store.rtoSeconds,
      measure: replicationLag !== null ? 'standby replication lag' : 'age of the last good backup',
      measuredRpoSeconds: storeRpo,
      measuredRtoSeconds: drillRto,
      withinObjectives: within(storeRpo, drillRto, store) && drillRto !== null,
    },
    {
      plane: 'webhooks',
      rpoSeconds: outbox.rpoSeconds,
      rtoSeconds: outbox.rtoSeconds,
      measure: 'age of the oldest undelivered webhook',
      measuredRpoSeconds: seconds(outboxAge) ?? 0,
      measuredRtoSeconds: null,
      withinObjectives: within(seconds(outboxAge) ?? 0, null, outbox),
    },
    ...exporterPlanes,
  ];
}
