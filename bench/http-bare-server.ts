/**
 * The floor for every endpoint of `npm run bench:http`: bare node:http answering the bytes Charter
 * answered, captured once and kept in memory with the same content type. Started by
 * bench/http.bench.ts as its own process, like Charter.
 * Usage: http-bare-server.ts <answers.json> <port> [--with-headers], where answers.json maps a
 * request key (see `answerKey`) to { contentType, body, headers }. With `--with-headers` it also
 * sends Charter's other headers (its security headers, and a fresh x-request-id as Charter makes
 * one), so that what those headers cost node:http can be read apart from what the framework costs.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { answerKey } from './http-answers';

const [file, port, variant] = process.argv.slice(2);
const withHeaders = variant === '--with-headers';
type Stored = { contentType: string; body: string; headers: Record<string, string> };
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Stored>).map(([key, a]) => [
    key,
    { contentType: a.contentType, body: Buffer.from(a.body), headers: a.headers },
  ]),
);
const notFound = Buffer.from('{"error":"not captured"}');

createServer((req, res) => {
  // A request body is read whole before answering, as any server must (GraphQL is a POST).
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const answer = answers.get(
      answerKey(req.method ?? 'GET', req.url ?? '/', chunks.length ? Buffer.concat(chunks).toString() : undefined),
    );
    const body = answer?.body ?? notFound;
    const own = withHeaders && answer ? { ...answer.headers, 'x-request-id': randomUUID() } : {};
    res.writeHead(answer ? 200 : 404, { ...own, 'content-type': answer?.contentType ?? 'application/json', 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
