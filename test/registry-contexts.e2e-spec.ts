import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createTeams, tokensFor } from './support/principals';
import { avroRecord, RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

/**
 * Confluent's contexts (docs/reference/contexts.md): qualified subjects, an id space per context,
 * IMPORT into a context keeping the source's ids, ids read through a subject hint, context base
 * URLs, and real clients working inside a named context. One app for the whole suite.
 */
describe('registry: contexts', () => {
  let app: TestApp;
  let http: RegistryHttp;
  const q = encodeURIComponent;

  const record = (name: string, ...fields: string[]) =>
    JSON.stringify(
      avroRecord(
        name,
        fields.map((f) => ({ name: f, type: 'string' })),
      ),
    );

  beforeAll(async () => {
    app = await TestApp.start();
    http = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  describe('qualified subjects', () => {
    const A = record('Shipped', 'orderId');
    const B = JSON.stringify(
      avroRecord('Shipped', [
        { name: 'orderId', type: 'string' },
        { name: 'carrier', type: ['null', 'string'], default: null },
      ]),
    );

    it('registers, looks up, lists versions and reads versions of :.ctx:subject, answering the qualified name', async () => {
      const v1 = await http.register(':.qa:shipments-value', A);
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({ subject: ':.qa:shipments-value', version: 1, id: expect.any(Number) });

      const looked = await http.lookup(':.qa:shipments-value', A);
      expect(looked.body).toMatchObject({ subject: ':.qa:shipments-value', version: 1, id: v1.body.id });
      expect((await http.get(`/subjects/${q(':.qa:shipments-value')}/versions`)).body).toEqual([1]);
      expect((await http.get(`/subjects/${q(':.qa:shipments-value')}/versions/latest`)).body).toMatchObject({
        subject: ':.qa:shipments-value',
        version: 1,
        schema: A,
      });
      // The default context's subject of the same name is another subject.
      expect((await http.get('/subjects/shipments-value/versions')).status).toBe(404);
      // `:.:x` is the default context's `x`.
      expect((await http.register('plain-value', A)).status).toBe(200);
      expect((await http.get(`/subjects/${q(':.:plain-value')}/versions/1`)).body).toMatchObject({ subject: 'plain-value' });
    });

    it('checks compatibility within the context, with its own config', async () => {
      const incompatible = JSON.stringify(avroRecord('Shipped', [{ name: 'orderId', type: 'int' }]));
      const check = await http.post(`/compatibility/subjects/${q(':.qa:shipments-value')}/versions/latest`, { schema: incompatible });
      expect(check.body).toEqual({ is_compatible: false });

      expect((await http.put(`/config/${q(':.qa:')}`, { compatibility: 'NONE' })).body).toEqual({ compatibility: 'NONE' });
      expect((await http.get(`/config/${q(':.qa:')}`)).body).toEqual({ compatibilityLevel: 'NONE' });
      expect((await http.get(`/config/${q(':.qa:shipments-value')}?defaultToGlobal=true`)).body).toEqual({ compatibilityLevel: 'NONE' });
      expect((await http.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
      expect((await http.register(':.qa:shipments-value', incompatible)).body).toMatchObject({ version: 2 });
      expect((await http.register(':.qa:shipments-value', B)).body).toMatchObject({ version: 3 });
      expect((await http.delete(`/config/${q(':.qa:')}`)).status).toBe(200);
    });

    it('lists subjects with their context: all by default, one context by prefix, one name across contexts with :*:', async () => {
      const all = (await http.get('/subjects')).body;
      expect(all).toEqual(expect.arrayContaining(['plain-value', ':.qa:shipments-value']));
      expect((await http.get(`/subjects?subjectPrefix=${q(':.qa:')}`)).body).toEqual([':.qa:shipments-value']);
      expect((await http.get('/subjects?subjectPrefix=plain')).body).toEqual(['plain-value']);
      expect((await http.get(`/subjects?subjectPrefix=${q(':*:shipments')}`)).body).toEqual([':.qa:shipments-value']);
      const schemas = (await http.get(`/schemas?subjectPrefix=${q(':.qa:')}&latestOnly=true`)).body;
      expect(schemas.map((s: { subject: string; version: number }) => [s.subject, s.version])).toEqual([[':.qa:shipments-value', 3]]);
    });

    it('lists the default context and every context holding subjects', async () => {
      const contexts = (await http.get('/contexts')).body;
      expect(contexts[0]).toBe('.');
      expect(contexts).toContain('.qa');
      expect((await http.get('/contexts?contextPrefix=.q')).body).toEqual(['.qa']);
    });

    it('soft- and hard-deletes versions and subjects in a context', async () => {
      expect((await http.delete(`/subjects/${q(':.qa:shipments-value')}/versions/3`)).body).toBe(3);
      expect((await http.get(`/subjects/${q(':.qa:shipments-value')}/versions`)).body).toEqual([1, 2]);
      expect((await http.delete(`/subjects/${q(':.qa:shipments-value')}`)).body).toEqual([1, 2]);
      expect((await http.delete(`/subjects/${q(':.qa:shipments-value')}?permanent=true`)).body).toEqual([1, 2, 3]);
      expect((await http.get(`/subjects/${q(':.qa:shipments-value')}/versions`)).body).toMatchObject({ error_code: 40401 });
      expect((await http.get('/contexts')).body).not.toContain('.qa');
      expect((await http.delete('/contexts/.qa')).status).toBe(204);
    });
  });

  describe('ids scoped per context', () => {
    const LOCAL = record('Invoice', 'invoiceId');
    const FOREIGN = record('Payment', 'paymentId', 'iban');
    let localId: number;

    it('imports a foreign schema into :.eu: under an id the default context already uses for another schema', async () => {
      localId = (await http.register('invoices-value', LOCAL)).body.id;
      expect((await http.put(`/mode/${q(':.eu:')}`, { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });

      const imported = await http.register(':.eu:payments-value', FOREIGN, { id: localId, version: 7 });
      expect(imported.body).toMatchObject({ subject: ':.eu:payments-value', id: localId, version: 7 });

      // The same number, two schemas: without a subject the id is the default context's, also on
      // the anonymous fast path (the second read is answered there once the first confirmed the id).
      expect((await http.get(`/schemas/ids/${localId}`)).body).toMatchObject({ schema: LOCAL });
      for (let i = 0; i < 2; i++) {
        const anonymous = await http.call('GET', `/schemas/ids/${localId}`, undefined, null);
        expect(anonymous.body).toEqual({ schema: LOCAL, schemaType: 'AVRO', guid: expect.any(String) });
      }
      expect((await http.get(`/schemas/ids/${localId}?subject=${q(':.eu:payments-value')}`)).body).toMatchObject({
        subject: ':.eu:payments-value',
        version: 7,
        schema: FOREIGN,
      });
      expect((await http.get(`/schemas/ids/${localId}?subject=${q(':.eu:')}`)).body).toMatchObject({
        subject: ':.eu:payments-value',
        schema: FOREIGN,
      });
      expect((await http.get(`/schemas/ids/${localId}/schema?subject=${q(':.eu:')}`)).body).toEqual(JSON.parse(FOREIGN));
      expect((await http.get(`/schemas/ids/${localId}/subjects?subject=${q(':.eu:')}`)).body).toEqual([':.eu:payments-value']);
      expect((await http.get(`/schemas/ids/${localId}/versions`)).body).toEqual([{ subject: 'invoices-value', version: 1 }]);
    });

    it('finds an id through a default-context subject name in the context that holds it, as Confluent does', async () => {
      const res = await http.get(`/schemas/ids/${localId}?subject=payments-value`);
      expect(res.body).toMatchObject({ subject: ':.eu:payments-value', schema: FOREIGN });
    });

    it('keeps a qualified hint inside its context: a subject there not holding the id is 40403', async () => {
      expect((await http.get(`/schemas/ids/${localId}?subject=${q(':.eu:other-value')}`)).body).toMatchObject({ error_code: 40403 });
      expect((await http.get(`/schemas/ids/${localId + 1000}?subject=${q(':.eu:')}`)).body).toMatchObject({ error_code: 40403 });
    });

    it('refuses another schema under an id the context already holds, and allows the same content under another id there', async () => {
      const clash = await http.register(':.eu:refunds-value', record('Refund', 'refundId'), { id: localId, version: 1 });
      expect(clash).toMatchObject({ status: 422, body: { error_code: 42205 } });
      // The default context's content is new to `.eu`: it gets the id the import names.
      const copy = await http.register(':.eu:invoices-value', LOCAL, { id: 900, version: 1 });
      expect(copy.body).toMatchObject({ id: 900, subject: ':.eu:invoices-value' });
      expect((await http.get('/schemas/ids/900')).body).toMatchObject({ error_code: 40403 });
      const guid = (await http.get(`/schemas/ids/${localId}`)).body.guid;
      expect((await http.get(`/schemas/guids/${guid}/ids`)).body).toEqual([
        { context: '.', id: localId },
        { context: '.eu', id: 900 },
      ]);
    });

    it('allocates new ids in a read-write context from its own id space', async () => {
      expect((await http.delete(`/mode/${q(':.eu:')}`)).status).toBe(200);
      const next = await http.register(':.eu:audit-value', record('Audited', 'what'));
      expect(next.body).toMatchObject({ id: 901, version: 1 });
      const fresh = await http.register(':.fresh:first-value', record('First', 'x'));
      expect(fresh.body).toMatchObject({ id: 1, version: 1 });
      expect((await http.get('/schemas/ids/1?subject=' + q(':.fresh:first-value'))).body).toMatchObject({ schema: record('First', 'x') });
    });

    it('refuses to delete a context that holds subjects', async () => {
      const res = await http.delete('/contexts/.eu');
      expect(res).toMatchObject({ status: 422, body: { error_code: 42211 } });
      expect(res.body.message).toContain("Context '.eu' is not empty");
    });

    it('resolves unqualified references in the referrer context', async () => {
      const common = await http.register(':.refs:common', record('Money', 'currency'));
      const order = await http.post(`/subjects/${q(':.refs:order-value')}/versions`, {
        schema: JSON.stringify(avroRecord('Order', [{ name: 'total', type: 'Money' }])),
        references: [{ name: 'Money', subject: 'common', version: 1 }],
      });
      expect(order.body).toMatchObject({ subject: ':.refs:order-value', version: 1 });
      const refs = (await http.get(`/subjects/${q(':.refs:common')}/versions/1/referencedby`)).body;
      expect(refs).toEqual([order.body.id]);
      expect(common.body.id).not.toBe(order.body.id);
      expect((await http.delete(`/subjects/${q(':.refs:common')}/versions/1`)).body).toMatchObject({ error_code: 42206 });
    });
  });

  describe('context base URLs (/contexts/{context}/...)', () => {
    it('rewrites subjects, config and id reads into the context', async () => {
      const reg = await http.post('/contexts/.url/subjects/thing-value/versions', { schema: record('Thing', 'a') });
      expect(reg.body).toMatchObject({ subject: ':.url:thing-value', version: 1 });
      expect((await http.get('/contexts/.url/subjects')).body).toEqual([':.url:thing-value']);
      expect((await http.get('/contexts/.url/subjects/thing-value/versions')).body).toEqual([1]);
      expect((await http.get(`/contexts/.url/schemas/ids/${reg.body.id}`)).body).toMatchObject({ subject: ':.url:thing-value' });
      expect((await http.put('/contexts/.url/config', { compatibility: 'FULL' })).body).toEqual({ compatibility: 'FULL' });
      expect((await http.get(`/config/${q(':.url:')}`)).body).toEqual({ compatibilityLevel: 'FULL' });
    });
  });

  describe('clients in a named context', () => {
    const schema = avroRecord('Parcel', [
      { name: 'parcelId', type: 'string' },
      { name: 'grams', type: 'int' },
    ]);
    const parcel = { parcelId: 'p-1', grams: 1200 };

    it('@confluentinc/schemaregistry encodes and decodes with subjects :.ctx:topic-value', async () => {
      const client = () =>
        new SchemaRegistryClient({
          baseURLs: [app.url],
          basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `admin:${ADMIN_TOKEN}` },
          maxRetries: 0,
        });
      const subjectNameStrategy = (topic: string) => `:.official:${topic}-value`;
      const bytes = await new AvroSerializer(client(), SerdeType.VALUE, { autoRegisterSchemas: true, subjectNameStrategy }).serialize(
        'parcels',
        parcel,
      );
      const id = bytes.readInt32BE(1);
      // The context's first id: the default context's id 1 holds another schema.
      expect(id).toBe(1);
      expect((await http.get('/subjects/' + q(':.official:parcels-value') + '/versions/latest')).body).toMatchObject({ id });
      const decoded = await new AvroDeserializer(client(), SerdeType.VALUE, { subjectNameStrategy }).deserialize('parcels', bytes);
      expect(decoded).toEqual(parcel);
    });

    it('@kafkajs/confluent-schema-registry registers, encodes and decodes through the context base URL', async () => {
      const client = () => new SchemaRegistry({ host: `${app.url}/contexts/.kafkajs`, auth: { username: 'x', password: ADMIN_TOKEN } });
      const { id } = await client().register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject: ':.kafkajs:parcels-value' },
      );
      expect(id).toBe(1);
      const plain = await client().register(
        { type: SchemaType.AVRO, schema: JSON.stringify({ ...schema, name: 'Other' }) },
        { subject: 'others-value' },
      );
      expect(plain.id).toBe(2);
      const bytes = await client().encode(id, parcel);
      expect(await client().decode(bytes)).toEqual(parcel);
      expect((await http.get(`/subjects?subjectPrefix=${q(':.kafkajs:')}`)).body).toEqual([
        ':.kafkajs:others-value',
        ':.kafkajs:parcels-value',
      ]);
    });
  });

  describe('rights follow the unqualified name', () => {
    it('lets the owners of topic t write :.ctx:t-value, and keeps context settings for admins', async () => {
      await createTeams(app, 'logistics');
      await registerTopic(app, { name: 'logistics.parcels', ownerTeam: 'logistics' });
      const { owner } = await tokensFor(app, { owner: { username: 'lou', teams: ['logistics'] } });
      // An event id and an occurrence time: what the payload contract of an EVENT topic requires.
      const body = {
        schema: JSON.stringify(
          avroRecord('ParcelSent', [
            { name: 'id', type: 'string' },
            { name: 'occurredAt', type: 'long' },
          ]),
        ),
      };
      expect((await http.call('POST', `/subjects/${q(':.eu:logistics.parcels-value')}/versions`, body, owner)).status).toBe(200);
      expect((await http.call('POST', `/subjects/${q(':.eu:other.topic-value')}/versions`, body, owner)).status).toBe(403);
      expect((await http.call('PUT', `/mode/${q(':.eu:')}`, { mode: 'READONLY' }, owner)).status).toBe(403);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a context alone', ':.eu:', 'no subject'],
      ['a context without its closing colon', ':.eu', 'no subject'],
      ['the wildcard', ':*:orders-value', 'every context'],
      ['the reserved global context', ':.__GLOBAL:orders-value', 'reserved'],
      ['a context with a star', ':.e*u:orders-value', "cannot contain '*'"],
      ['a context name of 300 characters', `:.${'x'.repeat(300)}:orders-value`, 'at most 255'],
    ])('refuses to register into %s with 42208', async (_label, subject, reason) => {
      const res = await http.register(subject, record('X', 'a'));
      expect(res.status).toBe(422);
      expect(res.body.error_code).toBe(42208);
      expect(res.body.message).toContain(reason);
    });

    it('reads nothing, and fails nothing, through a context name holding U+0000', async () => {
      expect((await http.get(`/schemas/ids/1?subject=${q(':.e\u0000u:x')}`)).body).toMatchObject({ error_code: 40403 });
      expect((await http.get(`/subjects/${q(':.e\u0000u:x')}/versions`)).body).toMatchObject({ error_code: 40401 });
      expect((await http.register(':.e\u0000u:x', record('X', 'a'))).body).toMatchObject({ error_code: 42208 });
    });

    it('answers a context URL with a colon in its name with 400', async () => {
      const res = await http.get(`/contexts/${q('.a:b')}/subjects`);
      expect(res).toMatchObject({ status: 400, body: { error_code: 400 } });
      expect(res.body.message).toContain("Context name '.a:b' is malformed");
    });
  });
});
