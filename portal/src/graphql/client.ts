import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { getToken, signOut } from '../session/session';
import { connectionExchange } from './connection-exchange';
import type { ConnectionMonitor } from './connection-monitor';

/**
 * One GraphQL client for the whole portal. The token is read per request, so signing in and out
 * needs no new client; a refused token (expired or revoked) ends the session with a message; an
 * outage is told to `monitor`, which tries again and re-runs the page's queries once it is over.
 */
export function createClient(onSignedOut: () => void, monitor: ConnectionMonitor): Client {
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    // POST only: the API refuses GET operations that could be sent cross-site.
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          const unauthenticated =
            error.response?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (unauthenticated && getToken()) {
            signOut('Your token was refused (expired or revoked). Sign in again.');
            onSignedOut();
          }
        },
      }),
      connectionExchange(monitor, getToken),
      fetchExchange,
    ],
    fetchOptions: (): RequestInit => {
      const token = getToken();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
  });
}

/**
 * Server validation errors keyed by the input field they name (`extensions.field`, and every entry
 * of `extensions.problems`), so a form can show each one next to its field.
 */
export function fieldErrors(error: { graphQLErrors: Array<{ message: string; extensions?: Record<string, unknown> }> } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const name = (field: string) => field.replace(/^input\./, '');
  for (const e of error?.graphQLErrors ?? []) {
    const ext = e.extensions ?? {};
    const problems = Array.isArray(ext.problems) ? (ext.problems as Array<{ field?: string; message?: string }>) : [];
    for (const p of problems) if (p.field) out[name(p.field)] ??= p.message ?? e.message;
    if (typeof ext.field === 'string') out[name(ext.field)] ??= e.message;
  }
  return out;
}
