import { SchemaByIdFastPath } from '../src/confluent-api/schema-by-id-fast-path';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { avroRecord, RegistryHttp } from './support/registry-http';

interface Answer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  /** Every other header but the date and connection ones, which change from one answer to the next. */
  headers: Record<string, string>;
  body: string;
}

const VARYING = new Set(['x-request-id', 'date', 'connection', 'keep-alive']);

/**
 * `GET /schemas/ids/{id}` answered ahead of the framework once the id is known: the answer must be
 * the one the controller gives, byte for byte, and every rule (authentication, purges, metrics)
 * must hold on it as on any other request.
 */
describe('schema registry: the schema-by-id read path', () => {
  let app: TestApp;
  let r: RegistryHttp;
  let served: jest.SpyInstance;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
    served = jest.spyOn(app.app.get(SchemaByIdFastPath), 'serve');
  });
  afterAll(() => app.close());

  const get = async (path: string, requestHeaders: Record<string, string> = {}): Promise<Answer> => {
    const res = await app.fetch(path, { headers: requestHeaders });
    const headers = Object.fromEntries([...res.headers].filter(([name]) => !VARYING.has(name)));
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      requestId: res.headers.get('x-request-id'),
      headers,
      body: await res.text(),
    };
  };
  /** How many of the requests run inside `work` were answered ahead of the framework. */
  const fastAnswers = async (work: () => Promise<unknown>) => {
    served.mockClear();
    await work();
    return served.mock.results.filter((x) => x.value === true).length;
  };

  it('answers exactly what the controller answers, with the same media type, headers and a request id', async () => {
    const reg = await r.register('read-a', avroRecord('Read', [{ name: 'a', type: 'string', doc: 'ünïcode' }], { namespace: 'shop' }));
    const path = `/schemas/ids/${reg.body.id}`;
    let first!: Answer;
    let again!: Answer;
    expect(await fastAnswers(async () => (first = await get(path)))).toBe(0);
    expect(await fastAnswers(async () => (again = await get(path)))).toBe(1);
    // A query parameter sends the request through the framework: the reference answer.
    const viaFramework = await get(`${path}?fetchMaxId=false`);
    for (const answer of [first, again]) {
      expect({ ...answer, requestId: undefined }).toEqual({ ...viaFramework, requestId: undefined });
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(JSON.parse(again.body)).toMatchObject({ schemaType: 'AVRO', guid: reg.body.guid });
  });

  it('negotiates the media type like the controller, keeps a given request id, and leaves other requests alone', async () => {
    const { body } = await r.register('read-b', '"string"');
    const path = `/schemas/ids/${body.id}`;
    await get(path);
    for (const accept of [
      'application/json',
      'application/vnd.schemaregistry+json',
      'application/vnd.schemaregistry.v1+json, application/json;q=0.5',
    ]) {
      const fast = await get(path, { accept });
      const framework = await get(`${path}?x=1`, { accept });
      expect(fast.contentType).toBe(framework.contentType);
      expect(fast.body).toBe(framework.body);
    }
    expect((await get(path, { 'x-request-id': 'trace-42' })).requestId).toBe('trace-42');
    expect((await get(path, { 'x-request-id': 'a b\tc' })).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await fastAnswers(() => get(path, { 'x-request-id': 'x'.repeat(65) }))).toBe(1);
    expect(await fastAnswers(() => get(path, { authorization: `Bearer ${ADMIN_TOKEN}` }))).toBe(0);
    expect(await fastAnswers(() => get(path, { accept: 'text/html;q=0.9, application/json' }))).toBe(0);
    expect(await fastAnswers(() => app.fetch(path, { method: 'HEAD' }))).toBe(0);
  });

  it('counts its answers in the request metrics under the route', async () => {
    const { body } = await r.register('read-c', '"int"');
    const path = `/schemas/ids/${body.id}`;
    await get(path);
    const count = async () => {
      const text = await (await app.fetch('/metrics')).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('charter_http_requests_total{method="GET",route="/schemas/ids/:id",status="200"}'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await count();
    expect(await fastAnswers(() => Promise.all([get(path), get(path), get(path)]))).toBe(3);
    expect(await count()).toBe(before + 3);
  });

  it('a schema purged here is not served a moment later', async () => {
    const { body } = await r.register('read-d', '"bytes"');
    const path = `/schemas/ids/${body.id}`;
    await get(path);
    expect((await get(path)).status).toBe(200);
    await r.delete('/subjects/read-d');
    expect((await get(path)).status).toBe(200); // soft-deleted: consumers keep decoding
    await r.delete('/subjects/read-d?permanent=true');
    const gone = await get(path);
    expect({ status: gone.status, code: JSON.parse(gone.body).error_code }).toEqual({ status: 404, code: 40403 });
  });

  it('without anonymous reads, an unauthenticated request is refused even for a known id', async () => {
    const closed = await TestApp.start({ CHARTER_ANONYMOUS_REGISTRY_READS: 'false' });
    try {
      const reg = await new RegistryHttp(closed).register('closed', '"string"');
      const path = `/schemas/ids/${reg.body.id}`;
      expect((await closed.fetch(path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
      expect((await closed.fetch(path)).status).toBe(401);
      expect((await closed.fetch(path)).status).toBe(401);
    } finally {
      await closed.close();
    }
  });
});
