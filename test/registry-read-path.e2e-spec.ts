import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { avroRecord, RegistryHttp } from './support/registry-http';

interface Answer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: string;
}

/**
 * `GET /schemas/ids/{id}`, what every consumer asks for every schema it decodes: the answer is the
 * same bytes whether or not the schema is cached and whatever query accompanies it, and every rule
 * (authentication, purges, metrics, request ids) holds on it as on any other request.
 */
describe('schema registry: the schema-by-id read path', () => {
  let app: TestApp;
  let r: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await app.fetch(path, { headers });
    return { status: res.status, contentType: res.headers.get('content-type'), requestId: res.headers.get('x-request-id'), body: await res.text() };
  };
  it('answers the same bytes, media type and a request id, cached or not, with or without a query', async () => {
    const reg = await r.register('read-a', avroRecord('Read', [{ name: 'a', type: 'string', doc: 'ünïcode' }], { namespace: 'shop' }));
    const path = `/schemas/ids/${reg.body.id}`;
    const first = await get(path);
    const again = await get(path);
    const viaFramework = await get(`${path}?fetchMaxId=false`);
    for (const answer of [first, again]) {
      expect({ ...answer, requestId: undefined }).toEqual({ ...viaFramework, requestId: undefined });
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(JSON.parse(again.body)).toMatchObject({ schemaType: 'AVRO', guid: reg.body.guid });
  });

  it('negotiates the media type the same way with or without a query, and keeps a given request id', async () => {
    const { body } = await r.register('read-b', '"string"');
    const path = `/schemas/ids/${body.id}`;
    await get(path);
    for (const accept of ['application/json', 'application/vnd.schemaregistry+json', 'application/vnd.schemaregistry.v1+json, application/json;q=0.5']) {
      const fast = await get(path, { accept });
      const framework = await get(`${path}?x=1`, { accept });
      expect(fast.contentType).toBe(framework.contentType);
      expect(fast.body).toBe(framework.body);
    }
    expect((await get(path, { 'x-request-id': 'trace-42' })).requestId).toBe('trace-42');
    expect((await get(path, { authorization: `Bearer ${ADMIN_TOKEN}` })).body).toBe((await get(path)).body);
    expect((await get(path, { accept: 'text/html;q=0.9, application/json' })).contentType).toBe('application/json; charset=utf-8');
    const head = await app.fetch(path, { method: 'HEAD' });
    expect({ status: head.status, type: head.headers.get('content-type') }).toEqual({ status: 200, type: 'application/vnd.schemaregistry.v1+json; charset=utf-8' });
  });

  it('counts its answers in the request metrics under the route', async () => {
    const { body } = await r.register('read-c', '"int"');
    const path = `/schemas/ids/${body.id}`;
    await get(path);
    const count = async () => {
      const text = await (await app.fetch('/metrics')).text();
      const line = text.split('\n').find((l) => l.startsWith('charter_http_requests_total{method="GET",route="/schemas/ids/:id",status="200"}'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await count();
    await Promise.all([get(path), get(path), get(path)]);
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
