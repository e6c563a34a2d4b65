/**
 * The floor for `GET /schemas/ids/{id}`: bare node:http answering the JSON Charter serves, rendered
 * once and kept in memory. Started by bench/registry.bench.ts as its own process, like Charter.
 * Usage: registry-bare-server.ts <bodies.json: {"<id>": "<response body>"}> <port>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(([id, body]) => [id, Buffer.from(body)]),
);
const notFound = Buffer.from(JSON.stringify({ error_code: 40403, message: 'Schema not found' }));
const PATH = /^\/schemas\/ids\/(\d+)$/;

createServer((req, res) => {
  const id = PATH.exec(req.url ?? '')?.[1];
  const body = (id && bodies.get(id)) || undefined;
  res.writeHead(body ? 200 : 404, {
    'content-type': 'application/vnd.schemaregistry.v1+json',
    'content-length': (body ?? notFound).length,
  });
  res.end(body ?? notFound);
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
