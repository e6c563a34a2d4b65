import { ConnectionError, ServerConnection, UsageError } from '@charter/cli';

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphqlAnswer<T> {
  data?: T;
  errors?: GraphqlError[];
}

/**
 * GraphQL over HTTP as the CLI uses it. Errors the API returns are the caller's to judge; a server
 * that cannot be reached, refuses the credentials or fails inside throws (exit code 2).
 */
export class GraphqlClient {
  constructor(
    private readonly connection: ServerConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers declare the answer's shape
  async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.connection.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      const why = cause === 'ECONNREFUSED' ? 'connection refused (is the server running?)' : ((err as Error).message ?? String(err));
      throw new ConnectionError(`cannot reach Charter at ${this.connection.url}: ${why}`);
    }
    const text = await res.text();
    let answer: GraphqlAnswer<T>;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new ConnectionError(
        `${this.connection.url}/graphql answered ${res.status} with something that is not JSON; is it a Charter server?`,
      );
    }
    const code = answer.errors?.[0]?.extensions?.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      throw new UsageError(`Charter at ${this.connection.url} refused the request: ${answer.errors![0].message}`);
    }
    if (res.status >= 500 || code === 'INTERNAL_SERVER_ERROR') {
      throw new ConnectionError(
        `Charter at ${this.connection.url} failed with ${res.status}: ${answer.errors?.[0]?.message ?? text.slice(0, 200)}`,
      );
    }
    return answer;
  }
}
