import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { RegistryHttp } from './support/registry-http';

/** Bad input gets its documented code in the `{error_code, message}` envelope, never a 500. */
describe('schema registry: bad input', () => {
  let app: TestApp;
  let r: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  const raw = async (method: string, path: string, body?: string | Buffer, contentType?: string) => {
    const res = await app.fetch(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    const json = (await res.json()) as { error_code: number; message: string };
    return { status: res.status, body: json };
  };

  const expectError = (res: { status: number; body: any }, status: number, errorCode: number) => {
    expect({ status: res.status, error_code: res.body.error_code }).toEqual({ status, error_code: errorCode });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(0);
  };

  it('malformed JSON is 400/400', async () => {
    expectError(await raw('POST', '/subjects/s/versions', '{"schema": "x"', 'application/vnd.schemaregistry.v1+json'), 400, 400);
  });

  it('a body over the limit is 413/413 with a clear message', async () => {
    const huge = JSON.stringify({ schema: 'x'.repeat(10 * 1024 * 1024) });
    const res = await raw('POST', '/subjects/s/versions', huge, 'application/json');
    expectError(res, 413, 413);
    expect(res.body.message).toContain('larger');
  });

  it.each([
    ['AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"nope"}]}'],
    ['AVRO', 'not json at all'],
    ['PROTOBUF', 'syntax = "proto3"; message M { int32 a = ; }'],
    ['JSON', '{"type": 12}'],
    ['JSON', '{"type":"object",'],
  ])('an invalid %s schema is 422/42201', async (schemaType, schema) => {
    expectError(await r.post('/subjects/bad/versions', { schemaType, schema }), 422, 42201);
  });

  it('control characters in a subject are 422/42208', async () => {
    expectError(await r.register('bad\u0001subject', '"string"'), 422, 42208);
    expectError(await r.register('__GLOBAL', '"string"'), 422, 42208);
  });

  it.each(['0', '-2', 'earliest', '1.5', '99999999999'])('version %s is 422/42202', async (v) => {
    await r.register('versions', '"string"');
    expectError(await r.get(`/subjects/versions/versions/${v}`), 422, 42202);
  });

  it('an unsupported media type is 415/415; octet-stream and no content type are read as JSON', async () => {
    expectError(await raw('POST', '/subjects/media/versions', '{"schema":"\\"int\\""}', 'text/plain'), 415, 415);
    const octet = await raw('POST', '/subjects/media/versions', '{"schema":"\\"int\\""}', 'application/octet-stream');
    expect(octet.status).toBe(200);
    const untyped = await app.fetch('/subjects/media/versions', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: Buffer.from('{"schema":"\\"int\\""}'),
    });
    expect(untyped.status).toBe(200);
  });

  it('a missing body is 422/422', async () => {
    expectError(await raw('POST', '/subjects/empty/versions', undefined, 'application/json'), 422, 422);
  });

  it('a body of the wrong JSON type is 400', async () => {
    expectError(await raw('POST', '/subjects/wrong/versions', '[1,2]', 'application/json'), 400, 400);
    expectError(await raw('POST', '/subjects/wrong/versions', '{"schema": 12}', 'application/json'), 400, 400);
  });

  it('an unknown route is 404/404 and a wrong method 405', async () => {
    expectError(await r.get('/subjectz'), 404, 404);
    expect((await r.get('/subjectz')).body.message).toBe('HTTP 404 Not Found');
    expectError(await r.call('PATCH', '/config'), 405, 405);
  });

  it.each([
    ['PATCH', '/config', 'DELETE, GET, PUT'],
    ['PUT', '/subjects/s/versions', 'GET, POST'],
    ['PUT', '/subjects/team%2Forders/versions/', 'GET, POST'],
    ['POST', '/schemas/ids/1', 'GET'],
    ['DELETE', '/SCHEMAS/types', 'GET'],
    ['GET', '/compatibility/subjects/s/versions/latest', 'POST'],
  ])('%s %s is 405 and the Allow header names %s', async (method, path, allow) => {
    const res = await app.fetch(path, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect({ status: res.status, allow: res.headers.get('allow') }).toEqual({ status: 405, allow });
    expect(((await res.json()) as { error_code: number }).error_code).toBe(405);
  });

  it('a path no route declares is 404 whatever the method', async () => {
    expectError(await r.call('DELETE', '/subjects/s/versions/1/nothing'), 404, 404);
    expectError(await r.call('PUT', '/schemas/ids'), 404, 404);
  });

  it('writes without credentials are 401; reads are open by default', async () => {
    const res = await r.call('POST', '/subjects/anon/versions', { schema: '"string"' }, null);
    expectError(res, 401, 40101);
    expect((await r.call('GET', '/subjects', undefined, null)).status).toBe(200);
  });

  it('a URL-encoded subject and trailing slashes are accepted', async () => {
    const res = await r.register('team/orders:value', '"long"');
    expect(res.status).toBe(200);
    expect((await r.get('/subjects')).body).toContain('team/orders:value');
    const check = await r.post(`/compatibility/subjects/${encodeURIComponent('team/orders:value')}/versions/`, { schema: '"long"' });
    expect(check.body).toEqual({ is_compatible: true });
  });

  it('nothing is half-written after a failed registration', async () => {
    await r.register('atomic', '{"type":"record","name":"A","fields":[{"name":"a","type":"int"}]}');
    const before = (await r.get('/schemas?deleted=true')).body.length;
    const failed = await r.register('atomic', '{"type":"record","name":"A","fields":[{"name":"b","type":"int"}]}');
    expect(failed.status).toBe(409);
    expect((await r.get('/schemas?deleted=true')).body.length).toBe(before);
    expect((await r.get('/subjects/atomic/versions')).body).toEqual([1]);
  });
});
