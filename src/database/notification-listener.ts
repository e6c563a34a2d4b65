import type { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** How often the listening connection proves it is alive (and has delivered what was sent before). */
export const LISTEN_PING_INTERVAL_MS = 250;
// A connection that does not answer a trivial query within this is treated as dropped.
const PING_TIMEOUT_MS = 3_000;
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

export interface NotificationHandlers {
  notify(payload: string): void;
  /** Every notification committed before `at` (a performance.now() time) has been handed to `notify`. */
  caughtUp(at: number): void;
  /** The connection dropped: notifications sent until it is back will never arrive. */
  lost(reason: string): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * LISTENs on `channel` over a dedicated connection to a PostgreSQL server (never a pooled one: a
 * pooled session would be handed to queries and transactions). The connection is re-opened with
 * growing pauses when it drops, and pinged so that a connection that went silent is noticed.
 */
export function listenOnServer(connectionString: string, channel: string, handlers: NotificationHandlers): NotificationListener {
  let client: Client | undefined;
  let closed = false;
  let pause = RECONNECT_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (fn: () => void, ms: number) => {
    if (!closed) timer = setTimeout(fn, ms);
  };

  const drop = (c: Client, reason: string) => {
    if (client !== c) return;
    client = undefined;
    clearTimeout(timer);
    handlers.lost(reason);
    c.end().catch(() => undefined);
    schedule(connect, pause);
    pause = Math.min(pause * 2, RECONNECT_MAX_MS);
  };

  const ping = async (c: Client) => {
    const sent = performance.now();
    try {
      await withTimeout(c.query('SELECT 1'), PING_TIMEOUT_MS);
      if (client !== c) return;
      handlers.caughtUp(sent);
      schedule(() => ping(c), LISTEN_PING_INTERVAL_MS);
    } catch (err) {
      drop(c, (err as Error).message);
    }
  };

  const connect = async () => {
    if (closed) return;
    const c = new Client({ connectionString, application_name: 'charter-listen', keepAlive: true });
    client = c;
    c.on('notification', (m) => {
      if (m.channel === channel) handlers.notify(m.payload ?? '');
    });
    c.on('error', (err) => drop(c, err.message));
    c.on('end', () => drop(c, 'connection ended'));
    try {
      await c.connect();
      const sent = performance.now();
      await c.query(`LISTEN ${quoteIdentifier(channel)}`);
      if (client !== c) return;
      pause = RECONNECT_FIRST_MS;
      handlers.caughtUp(sent);
      schedule(() => ping(c), LISTEN_PING_INTERVAL_MS);
    } catch (err) {
      drop(c, (err as Error).message);
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

/**
 * The embedded database runs in this process with one session: LISTEN on that session (through
 * the pool, so never inside someone else's transaction) and PGlite hands over each notification
 * when the transaction that sent it commits. Nothing can drop, so it is caught up for good.
 */
export async function listenEmbedded(
  pglite: PGlite,
  dataSource: DataSource,
  channel: string,
  handlers: NotificationHandlers,
): Promise<NotificationListener> {
  const off = pglite.onNotification((ch, payload) => {
    if (ch === channel) handlers.notify(payload);
  });
  await dataSource.query(`LISTEN ${quoteIdentifier(channel)}`);
  handlers.caughtUp(Number.POSITIVE_INFINITY);
  return {
    async close() {
      off();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
