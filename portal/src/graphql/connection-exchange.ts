import { makeOperation, type CombinedError, type Exchange, type Operation, type OperationResult } from 'urql';
import { map, pipe, tap } from 'wonka';
import { parseRetryAfter, type ConnectionMonitor, type ConnectionStatus } from './connection-monitor';
import { MeQuery } from './operations';

/** Enough answers to cover every query of any page, without keeping a whole session's worth. */
const KEPT_ANSWERS = 200;

type Verdict = { status: 'online' } | { status: Exclude<ConnectionStatus, 'online'>; retryAfterSeconds?: number };

/** What an answer says about the server: it answered, it is away, or it is up without its database. */
export function verdictOf(error: CombinedError | undefined): Verdict {
  if (!error) return { status: 'online' };
  const response = error.response as Response | undefined;
  const retryAfterSeconds = parseRetryAfter(response?.headers?.get('retry-after'));
  const unavailable = error.graphQLErrors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
  if (unavailable) return { status: 'degraded', retryAfterSeconds };
  // No response at all (refused, reset, offline), or a proxy's 5xx in front of a Charter that is away.
  if (error.networkError && (!response || response.status >= 500)) return { status: 'unreachable', retryAfterSeconds };
  return { status: 'online' };
}

/**
 * Watches every answer from the network for outages and tells the monitor; keeps the open queries,
 * so that a retry sends the current page's own queries and a recovery re-runs those that failed,
 * without a reload. Sits between the cache and the fetch exchange: cached answers prove nothing.
 *
 * An outage does not blank a page: a query that fails for want of Charter is answered with the
 * data of its last good answer for the same person (and the error, so the page can say so).
 * Without it, each retry would replace what the page shows with nothing.
 */
export function connectionExchange(monitor: ConnectionMonitor, person: () => string | null): Exchange {
  return ({ client, forward }) => {
    const open = new Map<number, Operation>();
    const inFlight = new Set<number>();
    const failed = new Set<number>();
    const lastGood = new Map<number, { person: string | null; data: unknown }>();

    const resend = (operation: Operation) =>
      client.reexecuteOperation(makeOperation(operation.kind, operation, { ...operation.context, requestPolicy: 'network-only' }));

    monitor.attach({
      probe() {
        const idle = [...open.values()].filter((op) => !inFlight.has(op.key));
        idle.forEach(resend);
        // Nothing open and nothing on its way (a page of forms): ask something small that needs the database.
        if (idle.length === 0 && inFlight.size === 0) {
          void client.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise();
        }
      },
      recovered() {
        for (const key of failed) {
          const operation = open.get(key);
          if (operation && !inFlight.has(key)) resend(operation);
        }
      },
    });

    const track = (operation: Operation) => {
      if (operation.kind === 'teardown') {
        open.delete(operation.key);
        inFlight.delete(operation.key);
        failed.delete(operation.key);
        return;
      }
      // Mutations are never sent again on their own: only the person who made them can decide that.
      if (operation.kind === 'query') open.set(operation.key, operation);
      inFlight.add(operation.key);
    };

    const observe = (result: OperationResult): OperationResult => {
      const { key, kind } = result.operation;
      if (!result.hasNext) inFlight.delete(key);
      const verdict = verdictOf(result.error);
      if (verdict.status === 'online') {
        failed.delete(key);
        if (kind === 'query' && result.data != null) remember(key, result.data);
        monitor.answered();
        return result;
      }
      failed.add(key);
      monitor.failed(verdict.status, verdict.retryAfterSeconds);
      const kept = lastGood.get(key);
      return kept && kept.person === person() && result.data == null ? { ...result, data: kept.data, stale: true } : result;
    };

    const remember = (key: number, data: unknown) => {
      lastGood.delete(key); // re-inserted last: the oldest answer is the first to go
      lastGood.set(key, { person: person(), data });
      if (lastGood.size > KEPT_ANSWERS) lastGood.delete(lastGood.keys().next().value!);
    };

    return (operations$) => pipe(operations$, tap(track), forward, map(observe));
  };
}
