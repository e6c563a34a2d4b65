import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { tokenFor } from './support/principals';
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

  it('a 10 MB body is 413/413 with a clear message, whatever its declared type', async () => {
    const huge = JSON.stringify({ schema: 'x'.repeat(10 * 1024 * 1024) });
    for (const type of ['application/json', 'application/vnd.schemaregistry.v1+json', 'application/octet-stream', undefined]) {
      // A Buffer, so that fetch declares no content type of its own.
      const res = await raw('POST', '/subjects/s/versions', Buffer.from(huge), type);
      expectError(res, 413, 413);
      expect(res.body.message).toContain('larger than the limit');
    }
    expect((await r.get('/subjects')).body).not.toContain('s');
  });

  it('the limit is CHARTER_MAX_BODY_BYTES: under it a body is read, over it 413 names the limit', async () => {
    const small = await TestApp.start({ CHARTER_MAX_BODY_BYTES: '2048' });
    try {
      const post = (body: string, type?: string) =>
        small.fetch('/subjects/limited/versions', {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(type ? { 'content-type': type } : {}) },
          body: Buffer.from(body),
        });
      const fits = JSON.stringify({ schema: JSON.stringify({ type: 'string', doc: 'd'.repeat(1500) }) });
      const over = JSON.stringify({ schema: JSON.stringify({ type: 'string', doc: 'd'.repeat(3000) }) });
      expect((await post(fits, 'application/json')).status).toBe(200);
      for (const type of ['application/json', 'application/octet-stream', undefined]) {
        const res = await post(over, type);
        const body = (await res.json()) as { error_code: number; message: string };
        expect({ status: res.status, code: body.error_code }).toEqual({ status: 413, code: 413 });
        expect(body.message).toContain('2048 bytes');
      }
    } finally {
      await small.close();
    }
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

  it.each(['tab\there', 'new\nline', 'del\u007f', 'nul\u0000', 'esc\u001b[31m'])(
    'a subject with control characters (%j) is refused by every write that would store it, and unknown to reads',
    async (subject) => {
      const path = encodeURIComponent(subject);
      expectError(await r.register(subject, '"string"'), 422, 42208);
      expectError(await r.put(`/config/${path}`, { compatibility: 'NONE' }), 422, 42208);
      expectError(await r.put(`/mode/${path}`, { mode: 'READONLY' }), 422, 42208);
      expectError(await r.lookup(subject, '"string"'), 404, 40401);
      expectError(await r.get(`/subjects/${path}/versions`), 404, 40401);
      expect((await r.get('/subjects?deleted=true')).body).not.toContain(subject);
      // The message shows the name with its control characters escaped.
      expect((await r.register(subject, '"string"')).body.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    },
  );

  it('a NUL character (which PostgreSQL cannot store) in a schema, reference or metadata is 422, never a 500', async () => {
    expectError(
      await r.post('/subjects/nul/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; // \u0000\nmessage M {}' }),
      422,
      42201,
    );
    expectError(await r.register('nul', '"string"', { metadata: { properties: { owner: 'a\u0000b' } } }), 422, 42201);
    expectError(await r.register('nul', '"string"', { metadata: { properties: { 'o\u0000': 'a' } } }), 422, 42201);
    expectError(await r.register('nul', '"string"', { references: [{ name: 'x\u0000', subject: 'nul', version: 1 }] }), 422, 42201);
    expectError(await r.register('nul', '"string"', { references: [{ name: 'x', subject: 'n\u0000', version: 1 }] }), 422, 42201);
    expectError(await r.lookup('nul', '"string"', { metadata: { properties: { owner: '\u0000' } } }), 422, 42201);
    expectError(await r.delete(`/subjects/${encodeURIComponent('nul\u0000')}`), 404, 40401);
    expectError(await r.delete(`/config/${encodeURIComponent('nul\u0000')}`), 404, 40401);
    expectError(await r.get(`/config/${encodeURIComponent('nul\u0000')}`), 404, 40408);
    expectError(await r.post(`/compatibility/subjects/${encodeURIComponent('nul\u0000')}/versions/1`, { schema: '"string"' }), 404, 40402);
    expect((await r.post(`/compatibility/subjects/${encodeURIComponent('nul\u0000')}/versions`, { schema: '"string"' })).body).toEqual({
      is_compatible: true,
    });
    // A non-admin writer's rights are looked up by topic name: still a clear refusal.
    const token = await tokenFor(app, { username: 'nul-writer' });
    const res = await r.call('POST', `/subjects/${encodeURIComponent('t\u0000-value')}/versions`, { schema: '"string"' }, token);
    expectError(res, 403, 40301);
  });

  it.each(['0', '-2', 'earliest', '1.5', '99999999999'])('version %s is 422/42202', async (v) => {
    await r.register('versions', '"string"');
    expectError(await r.get(`/subjects/versions/versions/${v}`), 422, 42202);
  });

  it.each(['0', '-2', 'earliest'])('version %s is 422/42202 on every route that takes a version', async (v) => {
    await r.register('versions', '"string"');
    expectError(await r.get(`/subjects/versions/versions/${v}/schema`), 422, 42202);
    expectError(await r.get(`/subjects/versions/versions/${v}/referencedby`), 422, 42202);
    expectError(await r.delete(`/subjects/versions/versions/${v}`), 422, 42202);
    expectError(await r.delete(`/subjects/versions/versions/${v}?permanent=true`), 422, 42202);
    expectError(await r.post(`/compatibility/subjects/versions/versions/${v}`, { schema: '"string"' }), 422, 42202);
    expect((await r.get('/subjects/versions/versions')).body).toEqual([1]);
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
