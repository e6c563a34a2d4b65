/**
 * The floor for every endpoint of `npm run bench:http`: bare node:http answering the bytes Charter
 * answered, captured once and kept in memory with the same content type. Started by
 * bench/http.bench.ts as its own process, like Charter.
 * Usage: http-bare-server.ts <answers.json> <port>, where answers.json maps a request key
 * (see `answerKey`) to { contentType, body }.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { answerKey } from './http-answers';

const [file, port] = process.argv.slice(2);
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, { contentType: string; body: string }>).map(([key, a]) => [
    key,
    { contentType: a.contentType, body: Buffer.from(a.body) },
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
    res.writeHead(answer ? 200 : 404, { 'content-type': answer?.contentType ?? 'application/json', 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
