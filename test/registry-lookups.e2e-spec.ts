import avro from 'avsc';
import { TestApp } from './support/test-app';
import { avroRecord, RegistryHttp } from './support/registry-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Newer Confluent lookups (docs/reference/confluent-registry.md, part 1.1, docs/reference/confluent-registry.md, part 1.2, docs/reference/confluent-registry.md, part 1.3-6, docs/reference/confluent-registry.md, part 3.5) over HTTP: guids, the subject hint,
 * latest-with-metadata, `format=resolved`, and the same schema written differently.
 */
describe('schema registry: guids, hints, metadata lookups, resolved and normalized forms', () => {
  let app: TestApp;
  let r: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  const expectError = (res: { status: number; body: any }, status: number, errorCode: number) =>
    expect({ status: res.status, error_code: res.body.error_code }).toEqual({ status, error_code: errorCode });

  describe('guid', () => {
    it('is a UUID of the content: same content, same guid, in every answer that carries the schema', async () => {
      const schema = avroRecord('Guid', [{ name: 'a', type: 'int' }]);
      const a = await r.register('guid-a', schema);
      const b = await r.register('guid-b', schema);
      const other = await r.register('guid-c', avroRecord('Guid', [{ name: 'b', type: 'int' }]));
      expect(a.body.guid).toMatch(UUID);
      expect(b.body.guid).toBe(a.body.guid);
      expect(other.body.guid).not.toBe(a.body.guid);
      expect((await r.get('/subjects/guid-a/versions/1')).body.guid).toBe(a.body.guid);
      expect((await r.get(`/schemas/ids/${a.body.id}`)).body.guid).toBe(a.body.guid);
      expect((await r.lookup('guid-b', schema)).body.guid).toBe(a.body.guid);
    });

    it('GET /schemas/guids/{guid} serves the schema and /ids names its id; unknown or malformed is 40403', async () => {
      const reg = await r.register('guid-d', avroRecord('ByGuid', [{ name: 'a', type: 'long' }]));
      const byGuid = await r.get(`/schemas/guids/${reg.body.guid}`);
      const byId = await r.get(`/schemas/ids/${reg.body.id}`);
      expect(byGuid.status).toBe(200);
      expect(byGuid.body).toEqual(byId.body);
      expect((await r.get(`/schemas/guids/${reg.body.guid.toUpperCase()}`)).body.schema).toBe(byId.body.schema);
      expect((await r.get(`/schemas/guids/${reg.body.guid}/ids`)).body).toEqual([{ context: '.', id: reg.body.id }]);
      expectError(await r.get('/schemas/guids/00000000-0000-0000-0000-000000000000'), 404, 40403);
      expectError(await r.get('/schemas/guids/not-a-guid'), 404, 40403);
    });
  });

  describe('the subject hint on GET /schemas/ids/{id}', () => {
    it("names the hinted subject's version holding the id, and nothing without a hint", async () => {
      const schema = avroRecord('Hint', [{ name: 'a', type: 'string' }]);
      await r.put('/config/hint-b', { compatibility: 'NONE' });
      const a = await r.register('hint-a', schema);
      await r.register('hint-b', '"string"');
      await r.register('hint-b', schema);
      const hinted = await r.get(`/schemas/ids/${a.body.id}?subject=hint-b`);
      expect(hinted.body).toMatchObject({ subject: 'hint-b', version: 2, schema: JSON.stringify(schema) });
      expect((await r.get(`/schemas/ids/${a.body.id}?subject=hint-a`)).body).toMatchObject({ subject: 'hint-a', version: 1 });

      const plain = await r.get(`/schemas/ids/${a.body.id}`);
      expect(plain.body).not.toHaveProperty('subject');
      expect(plain.body).not.toHaveProperty('version');
      const empty = await r.get(`/schemas/ids/${a.body.id}?subject=`);
      expect(empty.status).toBe(200);
      expect(empty.body).not.toHaveProperty('subject');
    });

    it('a subject that does not hold the id still gets the schema, with a subject that does', async () => {
      const reg = await r.register('hint-c', avroRecord('Elsewhere', [{ name: 'a', type: 'int' }]));
      const res = await r.get(`/schemas/ids/${reg.body.id}?subject=unrelated`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ subject: 'hint-c', version: 1 });
    });
  });

  describe('GET /subjects/{s}/metadata', () => {
    const meta = (properties: Record<string, string>) => ({ properties });

    beforeAll(async () => {
      await r.register('meta', avroRecord('Meta', [{ name: 'a', type: 'int' }]), { metadata: meta({ owner: 'alice', app: 'x' }) });
      await r.register(
        'meta',
        avroRecord('Meta', [
          { name: 'a', type: 'int' },
          { name: 'b', type: 'int', default: 0 },
        ]),
        {
          metadata: meta({ owner: 'bob' }),
        },
      );
    });

    it('answers the newest version whose properties hold every pair', async () => {
      expect((await r.get('/subjects/meta/metadata?key=owner&value=alice')).body).toMatchObject({ subject: 'meta', version: 1 });
      expect((await r.get('/subjects/meta/metadata?key=owner&value=alice&key=app&value=x')).body.version).toBe(1);
      const bob = await r.get('/subjects/meta/metadata?key=owner&value=bob');
      expect(bob.body).toMatchObject({ version: 2, metadata: meta({ owner: 'bob' }), guid: expect.stringMatching(UUID) });
      // The official JS client writes `?deleted=false&&key=..`; the empty parameter is ignored.
      expect((await r.get('/subjects/meta/metadata?deleted=false&&key=owner&value=bob')).body.version).toBe(2);
    });

    it('no match is 40403, an unknown subject 40401, unpaired keys 400', async () => {
      expectError(await r.get('/subjects/meta/metadata?key=owner&value=alice&key=app&value=y'), 404, 40403);
      expectError(await r.get('/subjects/nobody/metadata?key=owner&value=alice'), 404, 40401);
      expectError(await r.get('/subjects/meta/metadata?key=owner'), 400, 400);
    });

    it('soft-deleted versions count only with deleted=true', async () => {
      await r.register('meta-del', '"string"', { metadata: meta({ owner: 'carol' }) });
      await r.register('meta-del', '"string"', { metadata: meta({ owner: 'dave' }) });
      await r.delete('/subjects/meta-del/versions/2');
      expectError(await r.get('/subjects/meta-del/metadata?key=owner&value=dave'), 404, 40403);
      expect((await r.get('/subjects/meta-del/metadata?key=owner&value=dave&deleted=true')).body).toMatchObject({
        version: 2,
        deleted: true,
      });
    });
  });

  describe('format=resolved (Avro)', () => {
    const address = avroRecord('Address', [{ name: 'city', type: 'string' }], { namespace: 'crm' });
    const moved = avroRecord(
      'Moved',
      [
        { name: 'from', type: 'crm.Address' },
        { name: 'to', type: 'crm.Address' },
      ],
      { namespace: 'crm' },
    );
    let movedId: number;

    beforeAll(async () => {
      await r.register('crm.Address', address);
      const reg = await r.register('moved-value', moved, { references: [{ name: 'crm.Address', subject: 'crm.Address', version: 1 }] });
      movedId = reg.body.id;
    });

    it('inlines referenced types at their first use; without it they stay references', async () => {
      const resolved = (await r.get(`/schemas/ids/${movedId}?format=resolved`)).body.schema;
      // Written inside crm.Moved, the namespace is inherited and so left out (Avro's toString).
      expect(JSON.parse(resolved).fields[0].type).toEqual({ type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] });
      expect(JSON.parse(resolved).fields[1].type).toBe('Address');
      // It stands on its own: a plain Avro library reads it without the references.
      const type = avro.Type.forSchema(JSON.parse(resolved));
      const value = { from: { city: 'Lyon' }, to: { city: 'Graz' } };
      expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
      expect(JSON.parse((await r.get(`/schemas/ids/${movedId}`)).body.schema).fields[0].type).toBe('Address');
      expect((await r.get('/subjects/moved-value/versions/1?format=resolved')).body.schema).toBe(resolved);
    });

    it('registering the inlined form answers the version that uses references (same schema, docs/reference/confluent-registry.md, part 1.3-6)', async () => {
      const inlined = (await r.get(`/schemas/ids/${movedId}?format=resolved`)).body.schema;
      const again = await r.register('moved-value', inlined);
      expect(again.body).toMatchObject({ id: movedId, version: 1 });
      expect((await r.get('/subjects/moved-value/versions')).body).toEqual([1]);
      expect((await r.lookup('moved-value', inlined)).body).toMatchObject({ id: movedId, version: 1 });
    });
  });

  describe('normalize', () => {
    // The same record written two ways: relative vs full name, custom properties in another order.
    const written = '{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"string","x-b":1,"x-a":2}]}';
    const rewritten = '{"type":"record","name":"shop.Order","fields":[{"name":"id","type":"string","x-a":2,"x-b":1}]}';

    it('with normalize=true both forms get one id across subjects; without it they are two contents', async () => {
      const a = await r.post('/subjects/norm-a/versions?normalize=true', { schema: written });
      const b = await r.post('/subjects/norm-b/versions?normalize=true', { schema: rewritten });
      expect(b.body.id).toBe(a.body.id);
      const plainA = await r.register('norm-c', written);
      const plainB = await r.register('norm-d', rewritten);
      expect(plainB.body.id).not.toBe(plainA.body.id);
    });

    it('the config flag normalizes every registration of the subject', async () => {
      await r.put('/config/norm-e', { normalize: true });
      const first = await r.register('norm-e', rewritten);
      expect(first.body.id).toBe((await r.post('/subjects/norm-a/versions?normalize=true', { schema: written })).body.id);
    });

    it('in one subject, the other form is the same schema: no new version, with or without normalize', async () => {
      const first = await r.register('norm-f', written);
      const again = await r.register('norm-f', rewritten);
      expect(again.body).toMatchObject({ id: first.body.id, version: 1 });
      expect((await r.get('/subjects/norm-f/versions')).body).toEqual([1]);
      expect((await r.lookup('norm-f', rewritten)).body).toMatchObject({ id: first.body.id, version: 1 });
      expect((await r.post('/subjects/norm-f?normalize=true', { schema: rewritten })).body).toMatchObject({
        id: first.body.id,
        version: 1,
      });
    });

    it('a real change (a doc) is still a new version', async () => {
      await r.register('norm-g', written);
      const changed = await r.register('norm-g', rewritten.replace('"type":"record",', '"type":"record","doc":"orders",'));
      expect(changed.body.version).toBe(2);
    });
  });
});
