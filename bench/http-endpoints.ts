/**
 * What `npm run bench:http` loads: the endpoints of the targets, built from the demo
 * catalogue that `charter demo load` puts into the Charter under test, and the answers Charter
 * gives to them (captured once, then served from memory by the bare server).
 */
import { answerKey } from './http-answers';
import { LoadRequest } from './http-load';

export interface Endpoint {
  label: string;
  /** The share of bare node:http's requests/s the issue asks for. */
  target: number;
  /** Which minimal app bounds it: the framework alone, or the framework with Apollo. */
  ceiling: 'nest' | 'apollo';
  requests: LoadRequest[];
}

export interface Answer {
  contentType: string;
  body: string;
  /**
   * Charter's other response headers (security headers, request id), without those node:http
   * writes itself (date, connection, keep-alive, content-length), for the bare server's
   * `--with-headers` variant.
   */
  headers: Record<string, string>;
}

const WRITTEN_BY_NODE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding']);

/** The README's one-topic query: owner, latest schema, its fields and their tags. */
export const README_TOPIC_QUERY =
  'query($name: String!) { topic(name: $name) { displayName classification accessPolicy residency owner { name } subjects { subject latest { version schemaType fields { path type tags } } } } }';
export const README_TOPIC = 'customers.customer-registered.v1';
export const ME_QUERY = '{ me { username } }';

export async function endpoints(charterUrl: string, token: string): Promise<Endpoint[]> {
  const auth = { authorization: `Bearer ${token}` };
  const graphql = (query: string, variables?: Record<string, unknown>): LoadRequest => ({
    method: 'POST',
    path: '/graphql',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  });
  const subjects = (await getJson(`${charterUrl}/subjects`, auth)) as string[];
  const latest = await Promise.all(
    subjects.map(async (s) => ({
      subject: s,
      ...((await getJson(`${charterUrl}/subjects/${encodeURIComponent(s)}/versions/latest`, auth)) as { id: number }),
    })),
  );
  if (latest.length < 5) throw new Error(`the demo catalogue left only ${latest.length} subjects`);
  return [
    { label: 'GET /health/live', target: 0.6, ceiling: 'nest', requests: [{ method: 'GET', path: '/health/live' }] },
    { label: 'GET /subjects, bearer token', target: 0.2, ceiling: 'nest', requests: [{ method: 'GET', path: '/subjects', headers: auth }] },
    {
      label: 'GET /subjects/{s}/versions/latest, bearer token',
      target: 0.2,
      ceiling: 'nest',
      requests: latest.map((l) => ({
        method: 'GET' as const,
        path: `/subjects/${encodeURIComponent(l.subject)}/versions/latest`,
        headers: auth,
      })),
    },
    {
      label: 'GET /schemas/ids/{id}, anonymous',
      target: 0.35,
      ceiling: 'nest',
      requests: latest.map((l) => ({ method: 'GET' as const, path: `/schemas/ids/${l.id}` })),
    },
    {
      label: 'GET /schemas/ids/{id}?subject=, anonymous',
      target: 0.35,
      ceiling: 'nest',
      requests: latest.map((l) => ({ method: 'GET' as const, path: `/schemas/ids/${l.id}?subject=${encodeURIComponent(l.subject)}` })),
    },
    { label: 'GraphQL { me { username } }', target: 0.1, ceiling: 'apollo', requests: [graphql(ME_QUERY)] },
    {
      label: "GraphQL, the README's one-topic query",
      target: 0.04,
      ceiling: 'apollo',
      requests: [graphql(README_TOPIC_QUERY, { name: README_TOPIC })],
    },
  ];
}

/** Charter's answer to every request, keyed as the bare server looks them up; anything but a clean 200 fails. */
export async function capture(charterUrl: string, all: Endpoint[]): Promise<Record<string, Answer>> {
  const answers: Record<string, Answer> = {};
  for (const e of all) {
    for (const r of e.requests) {
      const res = await fetch(`${charterUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${e.label}: Charter answered ${res.status} ${body.slice(0, 300)}`);
      if (r.path === '/graphql' && body.includes('"errors"')) throw new Error(`${e.label}: incomplete answer ${body.slice(0, 300)}`);
      const headers = Object.fromEntries([...res.headers].filter(([name]) => !WRITTEN_BY_NODE.has(name)));
      answers[answerKey(r.method, r.path, r.body)] = {
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
        body,
        headers,
      };
    }
  }
  const topic = answers[answerKey('POST', '/graphql', all.at(-1)!.requests[0].body)].body;
  // The query is only the README's if the topic resolves its owner, a latest schema and tagged fields.
  if (!topic.includes('"owner":{"name"') || !topic.includes('"fields":[{') || !topic.includes('"PII"'))
    throw new Error(`README topic query answered ${topic.slice(0, 300)}`);
  return answers;
}

/** Checks that `url` answers every request with exactly the bytes Charter answered. */
export async function verifySameBytes(name: string, url: string, requests: LoadRequest[], answers: Record<string, Answer>): Promise<void> {
  for (const r of requests) {
    const body = await (await fetch(`${url}${r.path}`, { method: r.method, headers: r.headers, body: r.body })).text();
    const expected = answers[answerKey(r.method, r.path, r.body)].body;
    if (body !== expected)
      throw new Error(`${name} answers ${r.method} ${r.path} with ${body.slice(0, 200)}, Charter with ${expected.slice(0, 200)}`);
  }
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}
