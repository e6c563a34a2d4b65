import type { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** How often the listening connection proves it is alive (and has delivered what was sent before). */
export const LISTEN_PING_INTERVAL_MS = 250;
// A connection that does not answer a trivial query within this is treated as dropped.
const PING_TIMEOUT_MS = 3_000;
// How long a reader waits for the channel to catch up before it reads from the database instead.
const SYNC_WAIT_MS = 100;
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
  /**
   * Resolves true once every notification committed before the call has been handed to `notify`;
   * false when the channel cannot vouch for that (not listening yet, or the connection dropped).
   */
  caughtUp(): Promise<boolean>;
  close(): Promise<void>;
}

/** Listens on channels of one database; each channel has one set of handlers. */
export type Listen = (channel: string, handlers: NotificationHandlers) => Promise<NotificationListener>;

/**
 * LISTENs over one dedicated connection to a PostgreSQL server (never a pooled one: a pooled session
 * would be handed to queries and transactions), shared by every channel this process listens on.
 * The connection is opened with the first channel and closed with the last, re-opened with growing
 * pauses when it drops, and pinged so that a connection that went silent is noticed. A channel is
 * caught up only once its own LISTEN has been answered on the current connection: a connection runs
 * its queries in order, so a ping answered after it vouches for that channel too.
 */
export function serverListener(connectionString: string): Listen {
  const channels = new Map<string, { handlers: NotificationHandlers; listening: boolean }>();
  let client: Client | undefined;
  /** `client` once it listens on every channel it was asked for while connecting. */
  let ready: Client | undefined;
  let pause = RECONNECT_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (fn: () => void, ms: number) => {
    if (channels.size > 0) timer = setTimeout(fn, ms);
  };

  const drop = (c: Client, reason: string) => {
    if (client !== c) return;
    client = undefined;
    clearTimeout(timer);
    for (const channel of channels.values()) {
      channel.listening = false;
      channel.handlers.lost(reason);
    }
    c.end().catch(() => undefined);
    schedule(connect, pause);
    pause = Math.min(pause * 2, RECONNECT_MAX_MS);
  };

  const caughtUp = (at: number) => {
    for (const channel of channels.values()) if (channel.listening) channel.handlers.caughtUp(at);
  };

  const listenOn = async (c: Client, name: string) => {
    const sent = performance.now();
    await c.query(`LISTEN ${quoteIdentifier(name)}`);
    const channel = channels.get(name);
    if (client !== c || !channel) return;
    channel.listening = true;
    channel.handlers.caughtUp(sent);
  };

  /**
   * A ping sent now, answered: PostgreSQL signals every listener when a NOTIFY commits, before the
   * writer hears of its commit, and a listening session sends what it was signalled before it says
   * it is ready for the next query. So once this ping is answered, every notification committed
   * before it was sent has been handed over, in order, ahead of the answer.
   */
  const syncPing = async (): Promise<boolean> => {
    const c = ready;
    if (!c || client !== c) return false;
    const sent = performance.now();
    const answered = c.query('SELECT 1').then(
      () => true,
      (err: Error) => {
        drop(c, err.message);
        return false;
      },
    );
    // Readers wait no longer than this and ask the database instead; the regular ping decides when the connection is gone.
    if (!(await within(answered, SYNC_WAIT_MS, false)) || client !== c) return false;
    caughtUp(sent);
    return true;
  };

  // Callers who arrive while a ping is on its way share the next one: that one was sent before their change may have been announced.
  let syncing: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  const sync = (): Promise<boolean> => {
    if (!syncing) return (syncing = syncPing().finally(() => (syncing = undefined)));
    queued ??= syncing.then(() => {
      queued = undefined;
      return sync();
    });
    return queued;
  };

  const ping = async (c: Client) => {
    const sent = performance.now();
    try {
      await withTimeout(c.query('SELECT 1'), PING_TIMEOUT_MS);
      if (client !== c) return;
      caughtUp(sent);
      schedule(() => ping(c), LISTEN_PING_INTERVAL_MS);
    } catch (err) {
      drop(c, (err as Error).message);
    }
  };

  const connect = async () => {
    if (channels.size === 0) return;
    const c = new Client({ connectionString, application_name: 'charter-listen', keepAlive: true });
    client = c;
    c.on('notification', (m) => channels.get(m.channel)?.handlers.notify(m.payload ?? ''));
    c.on('error', (err) => drop(c, err.message));
    c.on('end', () => drop(c, 'connection ended'));
    const unlistened = () => [...channels].filter(([, channel]) => !channel.listening).map(([name]) => name);
    try {
      await c.connect();
      // Channels added while this ran are taken too.
      for (let names = unlistened(); client === c && names.length > 0; names = unlistened()) {
        await Promise.all(names.map((name) => listenOn(c, name)));
      }
      if (client !== c) return;
      ready = c;
      pause = RECONNECT_FIRST_MS;
      schedule(() => ping(c), LISTEN_PING_INTERVAL_MS);
    } catch (err) {
      drop(c, (err as Error).message);
    }
  };

  return async (name, handlers) => {
    if (channels.has(name)) throw new Error(`already listening on '${name}'`);
    channels.set(name, { handlers, listening: false });
    if (channels.size === 1) void connect();
    else if (client && client === ready) {
      const c = client;
      await listenOn(c, name).catch((err) => drop(c, (err as Error).message));
    }
    return {
      async caughtUp() {
        return Boolean(channels.get(name)?.listening) && (await sync()) && Boolean(channels.get(name)?.listening);
      },
      async close() {
        channels.delete(name);
        if (channels.size > 0) return;
        clearTimeout(timer);
        const c = client;
        client = undefined;
        await c?.end().catch(() => undefined);
      },
    };
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
    async caughtUp() {
      return true;
    },
    async close() {
      off();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `promise`'s value, or `otherwise` if it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
