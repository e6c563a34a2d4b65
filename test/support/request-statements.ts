import { AsyncLocalStorage } from 'node:async_hooks';
import { Server } from 'node:http';
import { StatementCounter } from '../../src/database/statement-counter';
import { TestApp } from './test-app';

/**
 * The SQL statements the app runs on behalf of the HTTP requests `send` makes, and no others.
 * `send` runs once unmeasured first, so that what the app caches for a while (verified tokens and
 * memberships, 30 s) is warm in both of two runs a test compares.
 *
 * Background jobs (the audit sealer's poll, job leases, exporter ticks) run statements through the
 * same counter as requests, and on a loaded machine one lands in any window a test measures. Here
 * each request the server receives while `send` runs is handled inside an async context of its own,
 * and a statement counts only when it is logged from that context — as the work a request starts
 * (its DataLoader batches included) is, and a timer set up at boot is not.
 */
export async function requestStatements(app: TestApp, send: () => Promise<unknown>): Promise<number> {
  await send();
  const server = app.app.getHttpServer() as Server;
  const logger = app.dataSource.logger;
  if (!(logger instanceof StatementCounter)) throw new Error('the app does not count its statements');
  const inRequest = new AsyncLocalStorage<true>();
  const handlers = server.listeners('request') as Array<(...args: unknown[]) => void>;
  const tagged = handlers.map(
    (handler) =>
      (...args: unknown[]) =>
        inRequest.run(true, () => handler.apply(server, args)),
  );
  const logQuery = logger.logQuery;
  let count = 0;
  server.removeAllListeners('request');
  for (const handler of tagged) server.on('request', handler);
  logger.logQuery = () => {
    if (inRequest.getStore()) count += 1;
    logQuery.call(logger);
  };
  try {
    await send();
  } finally {
    logger.logQuery = logQuery;
    server.removeAllListeners('request');
    for (const handler of handlers) server.on('request', handler);
  }
  return count;
}
