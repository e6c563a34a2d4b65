import { ADMIN_TOKEN } from './test-app';

/** Anything that answers HTTP under a base URL: the in-process TestApp or a server process. */
export interface HttpTarget {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** A target for a server listening at `url` (another process, for instance). */
export const urlTarget = (url: string): HttpTarget => ({ fetch: (path, init) => fetch(`${url}${path}`, init) });

export interface RegistryResponse {
  status: number;
  contentType: string | null;
  body: any;
}

/** Talks to the registry the way clients do: JSON bodies in the registry media type, admin auth. */
export class RegistryHttp {
  constructor(private readonly app: HttpTarget) {}

  async call(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN): Promise<RegistryResponse> {
    const res = await this.app.fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // raw schema endpoints answer with text
    }
    return { status: res.status, contentType: res.headers.get('content-type'), body: parsed };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown) => this.call('POST', path, body);
  put = (path: string, body: unknown) => this.call('PUT', path, body);
  delete = (path: string) => this.call('DELETE', path);

  register(subject: string, schema: unknown, extra: Record<string, unknown> = {}) {
    const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
    return this.post(`/subjects/${encodeURIComponent(subject)}/versions`, { schema: text, ...extra });
  }

  lookup(subject: string, schema: unknown, extra: Record<string, unknown> = {}) {
    const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
    return this.post(`/subjects/${encodeURIComponent(subject)}`, { schema: text, ...extra });
  }
}

/** An Avro record with the given fields (`{name, type, default?}`). */
export function avroRecord(name: string, fields: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  return { type: 'record', name, ...extra, fields };
}
