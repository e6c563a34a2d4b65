import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface RegistryCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * A stand-in for "any Confluent-compatible registry" as an exporter destination: it records every
 * call, keeps the versions imported into it, and can say (or not) a jurisdiction at /v1/metadata/id.
 */
export class FakeRegistry {
  readonly calls: RegistryCall[] = [];
  /** subject -> version -> {id, schema} */
  readonly versions = new Map<string, Map<number, { id: number; schema: string; references: unknown[] }>>();
  charter?: { id: string; jurisdiction: string; region?: string };

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  static start(): Promise<FakeRegistry> {
    return new Promise((resolve) => {
      let registry: FakeRegistry;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const call = { method: req.method!, path: req.url!, headers: req.headers, body: text ? JSON.parse(text) : undefined };
          registry.calls.push(call);
          const [status, answer] = registry.answer(call);
          res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
          res.end(JSON.stringify(answer));
        });
      });
      server.listen(0, '127.0.0.1', () => {
        registry = new FakeRegistry(server, (server.address() as { port: number }).port);
        resolve(registry);
      });
    });
  }

  private answer(call: RegistryCall): [number, unknown] {
    const path = decodeURIComponent(call.path.split('?')[0]);
    if (path === '/v1/metadata/id') {
      return [
        200,
        { scope: { path: [], clusters: { 'schema-registry-cluster': 'fake' } }, ...(this.charter ? { charter: this.charter } : {}) },
      ];
    }
    const register = /^\/subjects\/(.+)\/versions$/.exec(path);
    if (call.method === 'POST' && register) {
      const subject = register[1];
      const versions = this.versions.get(subject) ?? new Map();
      this.versions.set(subject, versions);
      versions.set(call.body.version, { id: call.body.id, schema: call.body.schema, references: call.body.references });
      return [200, { id: call.body.id }];
    }
    const version = /^\/subjects\/(.+)\/versions\/(\d+)$/.exec(path);
    if (call.method === 'DELETE' && version) {
      if (call.path.includes('permanent=true')) this.versions.get(version[1])?.delete(Number(version[2]));
      return [200, Number(version[2])];
    }
    return [200, call.body ?? {}];
  }

  /** The subject's versions as `version:id` pairs, in version order. */
  imported(subject: string): string[] {
    return [...(this.versions.get(subject)?.entries() ?? [])].sort(([a], [b]) => a - b).map(([v, x]) => `${v}:${x.id}`);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
