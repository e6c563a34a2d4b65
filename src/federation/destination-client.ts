import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { AddressRefusedError, hostOf, publicOnlyLookup, refusalOf } from '../access/webhooks/webhook-address-guard';

/** A destination's answer that was not a success; `errorCode` is its Confluent error_code when it sent one. */
export class DestinationError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DestinationError';
  }

  /** Worth retrying as is: the network, a timeout, or the destination's own trouble (5xx, 429). */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export interface DestinationOptions {
  timeoutMs: number;
  /** Hosts that may be loopback or private (the operator's allowlist); all others must be public. */
  allowedHosts: readonly string[];
  authorization?: string;
  exporterName: string;
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 4 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };

/**
 * JSON over HTTP to a destination registry, with a deadline per request, keep-alive connections,
 * no redirects (a redirect could lead anywhere), and the same address guard as webhooks: a host
 * not in the allowlist must be, and resolve to, public addresses only (checked on the very answer
 * the socket connects to).
 */
export class DestinationClient {
  readonly base: URL;

  constructor(
    url: string,
    private readonly options: DestinationOptions,
  ) {
    this.base = new URL(url.endsWith('/') ? url : `${url}/`);
  }

  private get publicOnly(): boolean {
    return !this.options.allowedHosts.includes(hostOf(this.base));
  }

  /** Why the destination's host may not be reached, or null (IP literals only; names are checked on connect). */
  literalRefusal(): string | null {
    const host = hostOf(this.base);
    if (!this.publicOnly || !isIP(host)) return null;
    return refusalOf(host, [host]);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const target = new URL(path.replace(/^\//, ''), this.base);
    const refusal = this.literalRefusal();
    if (refusal) throw new DestinationError(0, undefined, new AddressRefusedError(refusal).message);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const https = target.protocol === 'https:';
    return new Promise<T>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        target,
        {
          method,
          agent: https ? agents.https : agents.http,
          lookup: this.publicOnly ? publicOnlyLookup : undefined,
          headers: {
            accept: 'application/vnd.schemaregistry.v1+json, application/json',
            'confluent-schema-exporter-name': this.options.exporterName,
            ...(payload !== undefined
              ? { 'content-type': 'application/vnd.schemaregistry.v1+json', 'content-length': String(Buffer.byteLength(payload)) }
              : {}),
            ...(this.options.authorization ? { authorization: this.options.authorization } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            // A destination has no reason to answer megabytes; stop reading rather than buffer them.
            if (size > 4 * 1024 * 1024) return req.destroy(new DestinationError(0, undefined, 'answer larger than 4 MiB'));
            chunks.push(c);
          });
          res.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(json as T);
            const envelope = (json ?? {}) as { error_code?: number; message?: string };
            reject(
              new DestinationError(
                status,
                typeof envelope.error_code === 'number' ? envelope.error_code : undefined,
                `${method} ${target.pathname} answered ${status}${envelope.message ? `: ${String(envelope.message).slice(0, 500)}` : ''}`,
              ),
            );
          });
          res.on('error', (err) => reject(new DestinationError(0, undefined, err.message)));
        },
      );
      const timer = setTimeout(
        () => req.destroy(new DestinationError(0, undefined, `no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err instanceof DestinationError ? err : new DestinationError(0, undefined, err.message));
      });
      req.end(payload);
    });
  }
}

/** What a destination says about itself at /v1/metadata/id; Charter adds its jurisdiction. */
export interface DestinationMetadata {
  instanceId: string | null;
  jurisdiction: string | null;
  region: string | null;
}

export async function readDestinationMetadata(client: DestinationClient): Promise<DestinationMetadata | null> {
  try {
    const body = await client.request<{ charter?: { id?: unknown; jurisdiction?: unknown; region?: unknown } }>('GET', 'v1/metadata/id');
    const c = body?.charter;
    const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return { instanceId: text(c?.id), jurisdiction: text(c?.jurisdiction), region: text(c?.region) };
  } catch {
    return null;
  }
}
