import { ConnectionError, ServerConnection, UsageError } from '@charter/cli';
import type { PlaneState } from '../continuity/continuity-report';

const QUERY = '{ continuity { plane rpoSeconds rtoSeconds measure measuredRpoSeconds measuredRtoSeconds withinObjectives } }';

/**
 * The recovery objectives as a running Charter reports them (GraphQL `continuity`), for an operator
 * who holds an admin or steward token but no database credentials.
 */
export async function fetchContinuity(connection: ServerConnection, timeoutMs = 30_000): Promise<PlaneState[]> {
  let res: Response;
  try {
    res = await fetch(`${connection.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}),
      },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ConnectionError(`cannot reach Charter at ${connection.url}: ${(err as Error).message}`);
  }
  let body: { data?: { continuity?: PlaneState[] }; errors?: Array<{ message: string }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ConnectionError(`${connection.url} answered ${res.status} with something that is not JSON; is it a Charter server?`);
  }
  const message = body.errors?.map((e) => e.message).join('; ');
  if (res.status === 401 || res.status === 403 || /admins and stewards/.test(message ?? '')) {
    const how = connection.token
      ? 'the token was refused or is not an admin or steward token'
      : 'no token was given (--token or CHARTER_TOKEN)';
    throw new UsageError(`Charter at ${connection.url} answered: ${message ?? res.status}; ${how}`);
  }
  if (!body.data?.continuity)
    throw new ConnectionError(`Charter at ${connection.url} answered ${res.status}: ${message ?? 'no continuity report'}`);
  return body.data.continuity;
}
