import { DataSource } from 'typeorm';

/**
 * One row per (job, scheduled slot) is the lease: the replica whose INSERT wins runs the slot, and
 * renews `lease_until` while it works. A holder killed with -9 stops renewing; once its lease has
 * run out, the next replica to look takes the slot over. A finished slot is never run again.
 */
export class JobLease {
  constructor(
    private readonly dataSource: DataSource,
    readonly job: string,
    private readonly holder: string,
    private readonly leaseMs: number,
  ) {}

  async claim(slot: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO continuity_job_run (job, slot, holder, lease_until)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000))
       ON CONFLICT (job, slot) DO UPDATE
         SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, started_at = now()
         WHERE continuity_job_run.finished_at IS NULL AND continuity_job_run.lease_until < now()
       RETURNING holder`,
      [this.job, slot, this.holder, this.leaseMs],
    );
    return rows.length === 1;
  }

  async renew(slot: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE continuity_job_run SET lease_until = now() + make_interval(secs => $4::double precision / 1000)
        WHERE job = $1 AND slot = $2 AND holder = $3 AND finished_at IS NULL`,
      [this.job, slot, this.holder, this.leaseMs],
    );
  }

  async finish(slot: Date, outcome: 'ok' | 'failed'): Promise<void> {
    await this.dataSource.query(
      `UPDATE continuity_job_run SET finished_at = now(), outcome = $4 WHERE job = $1 AND slot = $2 AND holder = $3`,
      [this.job, slot, this.holder, outcome],
    );
  }

  /** Runs `work` under a claimed slot, renewing the lease meanwhile; false when another replica has it. */
  async runSlot(slot: Date, work: () => Promise<void>): Promise<boolean> {
    if (!(await this.claim(slot))) return false;
    const renewal = setInterval(() => void this.renew(slot).catch(() => undefined), Math.max(100, this.leaseMs / 3)).unref();
    try {
      await work();
      clearInterval(renewal);
      await this.finish(slot, 'ok');
    } catch (err) {
      clearInterval(renewal);
      await this.finish(slot, 'failed').catch(() => undefined);
      throw err;
    }
    return true;
  }
}
