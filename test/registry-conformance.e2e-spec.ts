import { TestApp } from './support/test-app';
import { avroRecord, RegistryHttp } from './support/registry-http';

/** One test per conformance fact of docs/reference/confluent-registry.md, part 6, over HTTP against the real app. */
describe('schema registry conformance (docs/reference/confluent-registry.md, part 6)', () => {
  let app: TestApp;
  let r: RegistryHttp;
  let firstId: number | undefined;

  const f1 = { name: 'f1', type: 'string' };
  const v1 = avroRecord('Rec', [f1]);
  const v2 = avroRecord('Rec', [f1, { name: 'f2', type: 'string', default: 'd' }]);
  const v3 = avroRecord('Rec', [f1, { name: 'f2', type: 'string' }]);
  const isCompatible = async (subject: string, schema: unknown, extra: Record<string, unknown> = {}, version = 'latest') =>
    (await r.post(`/compatibility/subjects/${subject}/versions/${version}?verbose=true`, { schema: JSON.stringify(schema), ...extra }))
      .body;
  const setLevel = (subject: string, compatibility: string) => r.put(`/config/${subject}`, { compatibility });

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  it('1: registering a schema already live returns its id and version, no new version', async () => {
    const first = await r.register('f01', v1);
    firstId = first.body.id;
    const again = await r.register('f01', v1);
    expect(again.body).toMatchObject({ id: first.body.id, version: 1 });
    expect((await r.get('/subjects/f01/versions')).body).toEqual([1]);
  });

  it('2: whitespace and key order do not change the id', async () => {
    const a = await r.register('f02', '{"type":"record","name":"W","fields":[{"name":"x","type":"int"}]}');
    const b = await r.register('f02', '{ "fields" : [ { "type" : "int", "name" : "x" } ],\n "name" : "W", "type" : "record" }');
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.version).toBe(1);
  });

  it('3: the same schema in another subject shares the id, version 1 there', async () => {
    const a = await r.register('f03-A', avroRecord('Shared', [f1]));
    const b = await r.register('f03-B', avroRecord('Shared', [f1]));
    expect(b.body).toMatchObject({ id: a.body.id, version: 1 });
    expect((await r.get(`/schemas/ids/${a.body.id}/subjects`)).body).toEqual(['f03-A', 'f03-B']);
  });

  it('4: ids start at 1 and grow by max+1; versions start at 1 per subject, listed ascending', async () => {
    expect(firstId).toBe(1);
    const max = (await r.get('/schemas/ids/1?fetchMaxId=true')).body.maxId;
    const a = await r.register('f04', avroRecord('Ids', [f1]));
    const b = await r.register('f04', avroRecord('Ids', [f1, { name: 'n', type: 'int', default: 0 }]));
    expect([a.body.id, b.body.id]).toEqual([max + 1, max + 2]);
    expect((await r.get('/subjects/f04/versions')).body).toEqual([1, 2]);
  });

  it('5: re-registering an older live version returns that version without a compatibility check', async () => {
    await setLevel('f05', 'NONE');
    await r.register('f05', v1);
    await r.register('f05', avroRecord('Other', [{ name: 'z', type: 'int' }]));
    await setLevel('f05', 'FULL');
    const again = await r.register('f05', v1);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
  });

  it('6: a doc change gives a new id and a new version', async () => {
    const a = await r.register('f06', v1);
    const b = await r.register('f06', { ...v1, doc: 'documented' });
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.version).toBe(2);
  });

  it('7: register answers 200 with an integer id', async () => {
    const res = await r.register('f07', v1);
    expect(res.status).toBe(200);
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.contentType).toContain('application/vnd.schemaregistry.v1+json');
  });

  it('8: after soft-deleting v1 and v2, v1 registers as version 3 with the same id', async () => {
    const a = await r.register('f08', v1);
    await r.register('f08', v2);
    await r.delete('/subjects/f08/versions/1');
    await r.delete('/subjects/f08/versions/2');
    const again = await r.register('f08', v1);
    expect(again.body).toMatchObject({ id: a.body.id, version: 3 });
    expect((await r.get('/subjects/f08/versions')).body).toEqual([3]);
  });

  it('9: after a soft subject delete, both schemas register again as 3 and 4 with their ids', async () => {
    const a = await r.register('f09', v1);
    const b = await r.register('f09', v2);
    expect((await r.delete('/subjects/f09')).body).toEqual([1, 2]);
    const a2 = await r.register('f09', v1);
    const b2 = await r.register('f09', v2);
    expect([a2.body.version, b2.body.version]).toEqual([3, 4]);
    expect([a2.body.id, b2.body.id]).toEqual([a.body.id, b.body.id]);
    expect((await r.get('/subjects/f09/versions/1')).body.error_code).toBe(40402);
  });

  it('10: lookup in an unknown subject is 40401; an unknown schema in a known subject is 40403', async () => {
    const never = await r.lookup('never', v1);
    expect([never.status, never.body.error_code]).toEqual([404, 40401]);
    await r.register('f10', v1);
    const miss = await r.lookup('f10', v2);
    expect([miss.status, miss.body.error_code]).toEqual([404, 40403]);
    expect((await r.lookup('f10', v1)).body).toMatchObject({ subject: 'f10', version: 1 });
  });

  it('11: an unknown id is 40403', async () => {
    const res = await r.get('/schemas/ids/999999');
    expect([res.status, res.body.error_code]).toEqual([404, 40403]);
  });

  it('12: latest of an unknown subject is 40401; a missing version of a known subject is 40402', async () => {
    expect((await r.get('/subjects/x-unknown/versions/latest')).body.error_code).toBe(40401);
    await r.register('f12', v1);
    const res = await r.get('/subjects/f12/versions/100');
    expect([res.status, res.body.error_code]).toEqual([404, 40402]);
  });

  it('13: versions 0, -2 and "earliest" are 42202; -1 is latest', async () => {
    await r.register('f13', v1);
    for (const v of ['0', '-2', 'earliest']) {
      const res = await r.get(`/subjects/f13/versions/${v}`);
      expect([v, res.status, res.body.error_code]).toEqual([v, 422, 42202]);
    }
    expect((await r.get('/subjects/f13/versions/-1')).body.version).toBe(1);
  });

  it('14: the global config is BACKWARD on a fresh server', async () => {
    expect((await r.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('15: subject config can be set (any case) before the subject exists', async () => {
    const put = await r.put('/config/f15', { compatibility: 'full' });
    expect(put.body).toEqual({ compatibility: 'FULL' });
    expect((await r.get('/config/f15')).body).toEqual({ compatibilityLevel: 'FULL' });
  });

  it('16: no subject config is 40408; defaultToGlobal gives the global level', async () => {
    const res = await r.get('/config/f16');
    expect([res.status, res.body.error_code]).toEqual([404, 40408]);
    expect((await r.get('/config/f16?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('17: an invalid level is 42203', async () => {
    const res = await r.put('/config', { compatibility: 'SIDEWAYS' });
    expect([res.status, res.body.error_code]).toEqual([422, 42203]);
  });

  it('18: deleting subject config returns it; again is 40401', async () => {
    await setLevel('f18', 'FORWARD');
    expect((await r.delete('/config/f18')).body).toEqual({ compatibilityLevel: 'FORWARD' });
    const again = await r.delete('/config/f18');
    expect([again.status, again.body.error_code]).toEqual([404, 40401]);
  });

  it('19: an incompatible register is 409 with oldSchemaVersion, oldSchema and compatibility', async () => {
    await r.register('f19', v1);
    const res = await r.register('f19', v3);
    expect(res.status).toBe(409);
    expect([409, 40901]).toContain(res.body.error_code);
    expect(res.body.message).toContain('Schema being registered is incompatible with an earlier schema for subject "f19"');
    for (const part of ['oldSchemaVersion', 'oldSchema', "compatibility: 'BACKWARD'", 'READER_FIELD_MISSING_DEFAULT_VALUE']) {
      expect(res.body.message).toContain(part);
    }
  });

  it('20: BACKWARD: a new field needs a default', async () => {
    await r.register('f20', v1);
    expect((await r.register('f20', v3)).status).toBe(409);
    expect((await r.register('f20', v2)).status).toBe(200);
  });

  it('21: FORWARD: adding a field without default passes; removing one without default fails', async () => {
    await setLevel('f21', 'FORWARD');
    await r.register('f21', v1);
    expect((await r.register('f21', v3)).status).toBe(200);
    expect((await r.register('f21', avroRecord('Rec', [{ name: 'f2', type: 'string' }]))).status).toBe(409);
  });

  it('22: BACKWARD accepts v3 after v2; BACKWARD_TRANSITIVE rejects it (vs v1)', async () => {
    await r.register('f22', v1);
    await r.register('f22', v2);
    await setLevel('f22', 'BACKWARD_TRANSITIVE');
    expect((await r.post('/compatibility/subjects/f22/versions', { schema: JSON.stringify(v3) })).body).toEqual({ is_compatible: false });
    await setLevel('f22', 'BACKWARD');
    expect((await r.post('/compatibility/subjects/f22/versions', { schema: JSON.stringify(v3) })).body).toEqual({ is_compatible: true });
  });

  it('23: int→long passes BACKWARD, fails FORWARD; string↔bytes passes both; namespace change passes FULL', async () => {
    await r.register(
      'f23',
      avroRecord('N', [
        { name: 'n', type: 'int' },
        { name: 's', type: 'string' },
      ]),
    );
    const widened = avroRecord('N', [
      { name: 'n', type: 'long' },
      { name: 's', type: 'string' },
    ]);
    const bytes = avroRecord('N', [
      { name: 'n', type: 'int' },
      { name: 's', type: 'bytes' },
    ]);
    const moved = avroRecord(
      'N',
      [
        { name: 'n', type: 'int' },
        { name: 's', type: 'string' },
      ],
      { namespace: 'other.ns' },
    );
    expect((await isCompatible('f23', widened)).is_compatible).toBe(true);
    await setLevel('f23', 'FORWARD');
    expect((await isCompatible('f23', widened)).is_compatible).toBe(false);
    expect((await isCompatible('f23', bytes)).is_compatible).toBe(true);
    await setLevel('f23', 'BACKWARD');
    expect((await isCompatible('f23', bytes)).is_compatible).toBe(true);
    await setLevel('f23', 'FULL');
    expect((await isCompatible('f23', moved)).is_compatible).toBe(true);
  });

  it('24: checking an unknown subject against latest is compatible; messages only when verbose', async () => {
    const res = await r.post('/compatibility/subjects/none/versions/latest', { schema: JSON.stringify(v1) });
    expect(res.body).toEqual({ is_compatible: true });
    expect((await isCompatible('none', v1)).messages).toEqual([]);
  });

  it('25: a compatibility check adds no version; a missing numeric version is 40402', async () => {
    await r.register('f25', v1);
    await r.post('/compatibility/subjects/f25/versions/latest', { schema: JSON.stringify(v2) });
    expect((await r.get('/subjects/f25/versions')).body).toEqual([1]);
    const res = await r.post('/compatibility/subjects/f25/versions/7', { schema: JSON.stringify(v2) });
    expect([res.status, res.body.error_code]).toEqual([404, 40402]);
  });

  it('26: under NONE another schema type registers; otherwise it is 409', async () => {
    await r.register('f26', v1);
    const json = { schema: '{"type":"object"}', schemaType: 'JSON' };
    expect((await r.post('/subjects/f26/versions', json)).status).toBe(409);
    await setLevel('f26', 'NONE');
    const res = await r.post('/subjects/f26/versions', json);
    expect(res.body).toMatchObject({ version: 2, schemaType: 'JSON' });
  });

  it('27: a soft-deleted subject is listed only with deleted or deletedOnly', async () => {
    await r.register('f27', v1);
    await r.register('f27', v2);
    expect((await r.delete('/subjects/f27')).body).toEqual([1, 2]);
    expect((await r.get('/subjects')).body).not.toContain('f27');
    expect((await r.get('/subjects?deleted=true')).body).toContain('f27');
    expect((await r.get('/subjects?deletedOnly=true')).body).toContain('f27');
  });

  it('28: subject deletes: twice soft is 40404, permanent first is 40405, unknown is 40401', async () => {
    await r.register('f28', v1);
    expect((await r.delete('/subjects/f28?permanent=true')).body.error_code).toBe(40405);
    await r.delete('/subjects/f28');
    expect((await r.delete('/subjects/f28')).body.error_code).toBe(40404);
    expect((await r.delete('/subjects/f28?permanent=true')).body).toEqual([1]);
    expect((await r.delete('/subjects/f28-unknown')).body.error_code).toBe(40401);
  });

  it('29: version deletes and reads of soft-deleted versions', async () => {
    await r.register('f29', v1);
    await r.register('f29', v2);
    expect((await r.delete('/subjects/f29/versions/1?permanent=true')).body.error_code).toBe(40407);
    expect((await r.delete('/subjects/f29/versions/1')).body).toBe(1);
    expect((await r.delete('/subjects/f29/versions/1')).body.error_code).toBe(40406);
    expect((await r.get('/subjects/f29/versions/1')).body.error_code).toBe(40402);
    expect((await r.get('/subjects/f29/versions/1?deleted=true')).body).toMatchObject({ version: 1 });
    await r.delete('/subjects/f29/versions/2');
    expect((await r.get('/subjects/f29/versions/1')).body.error_code).toBe(40401);
  });

  it('30: an id stays readable after all its versions are soft-deleted', async () => {
    const a = await r.register('f30', avroRecord('Kept', [f1]));
    await r.delete('/subjects/f30');
    const res = await r.get(`/schemas/ids/${a.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.schema).toContain('Kept');
  });

  it('31: a referenced version cannot be deleted (42206); an unresolvable reference is 42201', async () => {
    await r.register('f31-address', { type: 'record', name: 'Address', namespace: 'acme', fields: [f1] });
    const person = { type: 'record', name: 'Person', namespace: 'acme', fields: [{ name: 'home', type: 'acme.Address' }] };
    const references = [{ name: 'acme.Address', subject: 'f31-address', version: -1 }];
    const reg = await r.register('f31-person', person, { references });
    expect(reg.body.references).toEqual([{ name: 'acme.Address', subject: 'f31-address', version: 1 }]);
    const del = await r.delete('/subjects/f31-address/versions/1');
    expect([del.status, del.body.error_code]).toEqual([422, 42206]);
    const bad = await r.register('f31-other', person, { references: [{ name: 'acme.Address', subject: 'nowhere', version: 1 }] });
    expect([bad.status, bad.body.error_code]).toEqual([422, 42201]);
  });

  it('32: an unknown type and a string default of null are 42201, on register and compatibility', async () => {
    expect((await r.register('f32', { type: 'str' })).body.error_code).toBe(42201);
    const badDefault = avroRecord('D', [{ name: 's', type: 'string', default: null }]);
    expect((await r.register('f32', badDefault)).body.error_code).toBe(42201);
    expect((await r.post('/compatibility/subjects/f32/versions/latest', { schema: JSON.stringify(badDefault) })).body.error_code).toBe(
      42201,
    );
  });

  it('33: a lower-case schemaType is 42201', async () => {
    expect((await r.register('f33', v1, { schemaType: 'avro' })).body.error_code).toBe(42201);
  });

  it('34: READONLY blocks registration but not reads; an id outside IMPORT is 42205', async () => {
    await r.register('f34', v1);
    await r.put('/mode/f34', { mode: 'READONLY' });
    expect((await r.register('f34', v2)).body.error_code).toBe(42205);
    expect((await r.get('/subjects/f34/versions/1')).status).toBe(200);
    expect((await r.lookup('f34', v1)).status).toBe(200);
    expect((await r.register('f34-rw', v1, { id: 77 })).body.error_code).toBe(42205);
  });

  it('35: IMPORT with live subjects needs force; an unknown mode is 42204', async () => {
    expect((await r.put('/mode', { mode: 'IMPORT' })).body.error_code).toBe(42205);
    expect((await r.put('/mode?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    expect((await r.put('/mode', { mode: 'READWRITE' })).body).toEqual({ mode: 'READWRITE' });
    expect((await r.put('/mode', { mode: 'FOO' })).body.error_code).toBe(42204);
  });

  it('36: IMPORT keeps the given id; reusing it for another schema is 42205', async () => {
    await r.put('/mode/f36', { mode: 'IMPORT' });
    const res = await r.register('f36', avroRecord('Imported', [f1]), { id: 100, version: 1 });
    expect(res.body).toMatchObject({ id: 100, version: 1 });
    expect((await r.get('/schemas/ids/100')).body.schema).toContain('Imported');
    const clash = await r.register('f36', avroRecord('Different', [f1]), { id: 100, version: 2 });
    expect(clash.body.error_code).toBe(42205);
  });

  it('37: global mode is READWRITE; an unset subject mode is 40409', async () => {
    expect((await r.get('/mode')).body).toEqual({ mode: 'READWRITE' });
    expect((await r.get('/mode/f37')).body.error_code).toBe(40409);
  });

  it('38: once every version is soft-deleted, any schema registers', async () => {
    await r.register('f38', v1);
    await r.delete('/subjects/f38');
    const res = await r.register('f38', avroRecord('Rec', [{ name: 'completely', type: 'int' }]));
    expect(res.status).toBe(200);
  });

  it('39: every error has an integer error_code and a message; bad JSON 400; unknown path 404', async () => {
    const bad = await app.fetch('/subjects/f39/versions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"schema":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error_code: 400, message: expect.any(String) });
    const unknown = await r.get('/no/such/path');
    expect(unknown.body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
  });

  it('40: Protobuf: delete/renumber ok, int32→string fails, int32→int64/enum ok, package change fails', async () => {
    const proto = (pkg: string, body: string, extra = '') => ({
      schemaType: 'PROTOBUF',
      schema: `syntax = "proto3";\npackage ${pkg};\n${extra}message M {\n${body}\n}\n`,
    });
    await r.post('/subjects/f40/versions', proto('p', 'int32 a = 1;\nstring b = 2;'));
    const ok = async (c: { schema: string; schemaType: string }) =>
      (await r.post('/compatibility/subjects/f40/versions/latest?verbose=true', c)).body.is_compatible;
    expect(await ok(proto('p', 'int32 a = 1;'))).toBe(true);
    expect(await ok(proto('p', 'int32 a = 1;\nstring b = 3;'))).toBe(true);
    expect(await ok(proto('p', 'string a = 1;\nstring b = 2;'))).toBe(false);
    expect(await ok(proto('p', 'int64 a = 1;\nstring b = 2;'))).toBe(true);
    expect(await ok(proto('p', 'E a = 1;\nstring b = 2;', 'enum E {\n  E0 = 0;\n}\n'))).toBe(true);
    expect(await ok(proto('q', 'int32 a = 1;\nstring b = 2;'))).toBe(false);
  });

  it('41: Protobuf: removing a message fails BACKWARD; adding one fails FORWARD', async () => {
    const two = 'syntax = "proto3";\nmessage M { int32 a = 1; }\nmessage N { int32 b = 1; }\n';
    const one = 'syntax = "proto3";\nmessage M { int32 a = 1; }\n';
    await r.post('/subjects/f41/versions', { schemaType: 'PROTOBUF', schema: two });
    expect((await r.post('/compatibility/subjects/f41/versions/latest', { schemaType: 'PROTOBUF', schema: one })).body.is_compatible).toBe(
      false,
    );
    await r.post('/subjects/f41-fwd/versions', { schemaType: 'PROTOBUF', schema: one });
    await setLevel('f41-fwd', 'FORWARD');
    expect(
      (await r.post('/compatibility/subjects/f41-fwd/versions/latest', { schemaType: 'PROTOBUF', schema: two })).body.is_compatible,
    ).toBe(false);
  });

  it('42: JSON STRICT: optional property on open object fails; on closed passes; new required fails', async () => {
    const json = (s: unknown) => ({ schemaType: 'JSON', schema: JSON.stringify(s) });
    const check = async (subject: string, s: unknown) =>
      (await r.post(`/compatibility/subjects/${subject}/versions/latest`, json(s))).body.is_compatible;
    const open = { type: 'object', properties: { a: { type: 'string' } } };
    const closed = { ...open, additionalProperties: false };
    await r.post('/subjects/f42-open/versions', json(open));
    await r.post('/subjects/f42-closed/versions', json(closed));
    expect(await check('f42-open', { ...open, properties: { ...open.properties, b: { type: 'string' } } })).toBe(false);
    expect(await check('f42-closed', { ...closed, properties: { ...open.properties, b: { type: 'string' } } })).toBe(true);
    expect(await check('f42-closed', { ...closed, required: ['a'] })).toBe(false);
  });

  it('43: associations answer 200 []', async () => {
    const res = await r.get('/associations/resources/-/t?resourceType=topic&associationType=value');
    expect([res.status, res.body]).toEqual([200, []]);
  });

  it('44: Protobuf format=serialized is a base64 descriptor that looks up to the same id', async () => {
    const schema = 'syntax = "proto3";\npackage demo;\nmessage Order {\n  string id = 1;\n  int64 cents = 2;\n}\n';
    const reg = await r.post('/subjects/f44/versions', { schemaType: 'PROTOBUF', schema });
    const serialized = (await r.get(`/schemas/ids/${reg.body.id}?format=serialized`)).body.schema;
    expect(serialized).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const found = await r.post('/subjects/f44', { schemaType: 'PROTOBUF', schema: serialized });
    expect(found.body).toMatchObject({ id: reg.body.id, version: 1 });
  });
});
