import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client?: PgliteClient, release?: Release) => void;

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

/** The slice of a `pg` client that TypeORM's Postgres driver uses. */
class PgliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<PgLikeResult> {
    const command = sql.trimStart().split(/\s+/, 1)[0]?.toUpperCase() ?? '';
    if (params && params.length > 0) {
      const result = await this.db.query(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
    }
    // The extended protocol takes one statement; migrations send several, so use the simple one.
    const results = await this.db.exec(sql);
    const last = results[results.length - 1];
    return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0, command };
  }
}

/**
 * A `pg`-compatible module over one embedded PGlite database. PGlite has a single session, so a
 * pool that handed it to several TypeORM query runners at once would interleave their
 * transactions (a rolled-back row could survive). This pool lends the session to one holder at a
 * time, queueing the others until `release`, which makes transactions isolated by serialising them.
 */
export function pglitePgModule(db: PGlite) {
  const queue: Array<() => void> = [];
  let busy = false;
  let total = 0;

  const acquire = (): Promise<void> =>
    new Promise((resolve) => {
      if (!busy) {
        busy = true;
        resolve();
      } else {
        queue.push(resolve);
      }
    });

  const releaseSession = () => {
    const next = queue.shift();
    if (next) next();
    else busy = false;
  };

  class Pool extends EventEmitter {
    get totalCount() {
      return total;
    }
    get idleCount() {
      return busy ? 0 : 1;
    }
    get waitingCount() {
      return queue.length;
    }

    connect(callback?: ConnectCallback): Promise<PgliteClient> | void {
      const lease = acquire().then(() => {
        total = 1;
        let released = false;
        const client = new PgliteClient(db);
        const release: Release = () => {
          if (released) return;
          released = true;
          releaseSession();
        };
        return { client, release };
      });
      if (!callback) return lease.then(({ client }) => client);
      lease.then(
        ({ client, release }) => callback(undefined, client, release),
        (err) => callback(err),
      );
    }

    async query(sql: string, params?: unknown[]): Promise<PgLikeResult> {
      await acquire();
      try {
        return await new PgliteClient(db).query(sql, params);
      } finally {
        releaseSession();
      }
    }

    end(callback?: (err?: unknown) => void): Promise<void> | void {
      // The PGlite instance belongs to whoever opened it; the pool only stops lending it.
      if (callback) callback();
      else return Promise.resolve();
    }
  }

  return { Pool };
}
