import { ServerConnection } from './cli-config';
import { ConnectionError, UsageError } from './cli-errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers declare the answer's shape
export interface RegistryAnswer<T = any> {
  status: number;
  body: T;
}

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Why fetch failed, in words: "connection refused", "host not found", "timed out". */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
  }
  if ((err as Error)?.name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (err as Error)?.message ?? String(err);
}

/**
 * The Confluent-compatible REST API as the CLI uses it. Answers the server gives (any status) are
 * returned; a server that cannot be reached, refuses the credentials or fails inside throws, since
 * no schema is to blame for those (exit code 2).
 */
export class RegistryClient {
  constructor(
    private readonly connection: ServerConnection,
    private readonly timeoutMs = 30_000,
  ) {}

  get url(): string {
    return this.connection.url;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers declare the answer's shape
  async post<T = any>(path: string, body: unknown): Promise<RegistryAnswer<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.connection.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': MEDIA_TYPE,
          accept: MEDIA_TYPE,
          ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ConnectionError(`cannot reach Charter at ${this.connection.url}: ${networkReason(err)}`);
    }
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the shape the caller declared
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new ConnectionError(`${this.connection.url} answered ${res.status} with something that is not JSON; is it a Charter server?`);
    }
    if (res.status === 401 || res.status === 403) {
      const how = this.connection.token ? 'the token was refused' : 'no token was given (--token or CHARTER_TOKEN)';
      throw new UsageError(`Charter at ${this.connection.url} answered ${res.status}: ${parsed?.message ?? 'not allowed'}; ${how}`);
    }
    if (res.status >= 500) {
      throw new ConnectionError(`Charter at ${this.connection.url} failed with ${res.status}: ${parsed?.message ?? text.slice(0, 200)}`);
    }
    return { status: res.status, body: parsed };
  }
}

export const subjectPath = (subject: string) => encodeURIComponent(subject);
