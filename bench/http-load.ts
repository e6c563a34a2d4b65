/** autocannon rounds for `npm run bench:http`: every server gets rounds of the same length, in turn. */
import autocannon from 'autocannon';
import { percentile } from './bench-support';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Round {
  rps: number;
  p50: number;
  p99: number;
}

export interface Contender {
  name: string;
  url: string;
}

/** One round against one server; any error or non-2xx answer fails the bench (a fast error is no result). */
export async function load(target: Contender, requests: LoadRequest[], seconds: number, connections: number): Promise<Round> {
  const result = await autocannon({ url: target.url, connections, duration: seconds, requests });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `${target.name} ${requests[0].method} ${requests[0].path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/**
 * A warm-up round for each server, then `rounds` rounds of each in turn, so that load from other
 * jobs on the machine falls on every server alike. Returns each server's summary, by name.
 */
export async function alternate(
  contenders: Contender[],
  requests: LoadRequest[],
  options: { rounds: number; seconds: number; warmupSeconds: number; connections: number },
): Promise<Map<string, Round>> {
  for (const c of contenders) await load(c, requests, options.warmupSeconds, options.connections);
  const rounds = new Map<string, Round[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < options.rounds; r++) {
    for (const c of contenders) rounds.get(c.name)!.push(await load(c, requests, options.seconds, options.connections));
  }
  return new Map([...rounds].map(([name, rs]) => [name, summary(rs)]));
}

/** Requests/s over all rounds; latency percentiles as the median round's. */
export function summary(rounds: Round[]): Round {
  return {
    rps: rounds.reduce((sum, r) => sum + r.rps, 0) / rounds.length,
    p50: percentile(
      rounds.map((r) => r.p50),
      50,
    ),
    p99: percentile(
      rounds.map((r) => r.p99),
      50,
    ),
  };
}
