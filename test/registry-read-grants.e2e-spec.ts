import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SchemaByIdFastPath } from '../src/confluent-api/schema-by-id-fast-path';
import { AccessWorld, Person } from './support/access';
import { TestApp } from './support/test-app';

const avro = (name: string) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'vault',
    fields: [
      { name: 'eventId', type: 'string' },
      { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'secretId', type: 'string' },
    ],
  });
const message = (secretId: string) => ({ eventId: `e-${secretId}`, occurredAt: 1_700_000_000_000, secretId });

/**
 * CHARTER_SCHEMA_READS_REQUIRE_GRANT=restricted: the schemas of RESTRICTED topics are read only by
 * the owning team, holders of a READ grant, stewards and admins; everything else stays open, and
 * with the setting off (the default) nothing changes.
 */
describe('registry reads of RESTRICTED topics need a grant when the operator says so', () => {
  let app: TestApp;
  let w: AccessWorld;
  let restrictedId: number;
  let openId: number;
  let sharedId: number;
  const client = (person?: Person) =>
    new SchemaRegistry({ host: app.url, ...(person ? { auth: { username: 'x', password: w.tokens[person] } } : {}) });
  const get = (path: string, person?: Person, init: RequestInit = {}) =>
    app.fetch(path, {
      ...init,
      headers: { ...(init.headers as object), ...(person ? { authorization: `Bearer ${w.tokens[person]}` } : {}) },
    });
  /** Whether the schema-by-id fast path answers an anonymous GET itself (true) or leaves it to the framework. */
  const fastPathServes = (id: number) => {
    const req = { method: 'GET', url: `/schemas/ids/${id}`, headers: {} } as unknown as IncomingMessage;
    const res = { writeHead: () => res, end: () => res } as unknown as ServerResponse;
    return app.app.get(SchemaByIdFastPath).serve(req, res);
  };
  const refusedReads = async () =>
    ((await app.superuser(`SELECT actor, target_id FROM audit_log WHERE action = 'registry.read.refused' ORDER BY seq`)) as any[]).map(
      (r) => `${r.actor} ${r.target_id}`,
    );

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_SCHEMA_READS_REQUIRE_GRANT: 'restricted', CHARTER_EXPIRY_JOB_INTERVAL_MS: '0' });
    w = await AccessWorld.create(app);
    await w.topic('vault.secrets', { classification: 'RESTRICTED', accessPolicy: 'OWNER_AND_STEWARD_APPROVAL' });
    await w.topic('vault.open', { classification: 'CONFIDENTIAL' });
    const admin = client('admin');
    restrictedId = (await admin.register({ type: SchemaType.AVRO, schema: avro('Secret') }, { subject: 'vault.secrets-value' })).id;
    openId = (await admin.register({ type: SchemaType.AVRO, schema: avro('Open') }, { subject: 'vault.open-value' })).id;
    // The same content under a RESTRICTED and an open subject is no secret: its id stays readable.
    sharedId = (await admin.register({ type: SchemaType.AVRO, schema: avro('Shared') }, { subject: 'vault.secrets-key' })).id;
    expect((await admin.register({ type: SchemaType.AVRO, schema: avro('Shared') }, { subject: 'vault.open-key' })).id).toBe(sharedId);
  }, 120_000);

  afterAll(() => app.close());

  it('answers 403 / 40301 to readers without rights, on every read of the schemas, fast path included', async () => {
    // The admin's read makes the id servable and cached: the anonymous fast path must still not serve it.
    expect((await get(`/schemas/ids/${restrictedId}`, 'admin')).status).toBe(200);
    expect(fastPathServes(restrictedId)).toBe(false);
    for (const person of [undefined, 'rita', 'oscar'] as const) {
      for (const path of [
        `/schemas/ids/${restrictedId}`,
        `/schemas/ids/${restrictedId}`,
        `/schemas/ids/${restrictedId}?subject=vault.open-value`,
        `/schemas/ids/${restrictedId}/schema`,
        '/subjects/vault.secrets-value/versions/latest',
        '/subjects/vault.secrets-value/versions/1/schema',
        '/subjects/vault.secrets-value/metadata?key=a&value=b',
      ]) {
        const res = await get(path, person);
        expect([path, person, res.status]).toEqual([path, person, 403]);
        const body = (await res.json()) as any;
        expect(body.error_code).toBe(40301);
        expect(body.message).toContain('RESTRICTED');
      }
      const lookup = await get('/subjects/vault.secrets-value', person, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: avro('Secret') }),
      });
      expect(lookup.status).toBe(403);
    }
    // The real client fails to decode a RESTRICTED topic's message for them.
    const bytes = await client('admin').encode(restrictedId, message('s-1'));
    await expect(client().decode(bytes)).rejects.toThrow();
    await expect(client('rita').decode(bytes)).rejects.toThrow();
    const refused = await refusedReads();
    expect(refused).toContain(`anonymous ${restrictedId}`);
    expect(refused).toContain('rita vault.secrets-value');
    expect(refused).toContain('oscar vault.secrets-value');
  });

  it('keeps everything else open: other topics, shared content, lists without the RESTRICTED entries', async () => {
    for (const person of [undefined, 'rita'] as const) {
      expect((await get(`/schemas/ids/${openId}`, person)).status).toBe(200);
      expect((await get(`/schemas/ids/${sharedId}`, person)).status).toBe(200);
      expect((await get('/subjects/vault.open-value/versions/latest', person)).status).toBe(200);
      const listed = (await (await get('/schemas', person)).json()) as Array<{ subject: string }>;
      expect(listed.map((s) => s.subject).sort()).toEqual(['vault.open-key', 'vault.open-value']);
    }
    // An id found open is served by the fast path again.
    expect(fastPathServes(openId)).toBe(true);
    const bytes = await client('admin').encode(openId, message('o-1'));
    expect(await client().decode(bytes)).toEqual(message('o-1'));
  });

  it('lets the owning team, stewards, admins and holders of an approved READ grant read', async () => {
    const bytes = await client('admin').encode(restrictedId, message('s-2'));
    for (const person of ['olga', 'stella', 'admin'] as const) expect(await client(person).decode(bytes)).toEqual(message('s-2'));
    expect(((await (await get('/schemas', 'olga')).json()) as any[]).length).toBe(4);

    const req = await w.requested('rita', 'vault.secrets', { applicationName: 'vault-reader', kafkaPrincipal: 'User:svc-vault' });
    expect((await w.decide('olga', 'approve', { id: req.id })).errors).toBeUndefined();
    // Pending (one slot of two): still refused.
    expect((await get(`/schemas/ids/${restrictedId}`, 'rita')).status).toBe(403);
    expect((await w.decide('stella', 'approve', { id: req.id })).errors).toBeUndefined();
    expect(await client('rita').decode(bytes)).toEqual(message('s-2'));
    expect(await client('tom').decode(bytes)).toEqual(message('s-2')); // tom is in rita's team, which holds the grant
    expect((await get('/subjects/vault.secrets-value/versions/latest', 'rita')).status).toBe(200);

    // Revoked: refused again at once.
    expect((await w.decide('olga', 'revoke', { id: req.id, reason: 'done' })).errors).toBeUndefined();
    expect((await get(`/schemas/ids/${restrictedId}`, 'rita')).status).toBe(403);
  });

  it('changes nothing with the setting off (the default): schemas are not secret', async () => {
    await app.stop();
    app = await TestApp.start({ CHARTER_EXPIRY_JOB_INTERVAL_MS: '0' }, app);
    const before = (await refusedReads()).length;
    for (let i = 0; i < 3; i++) expect((await get(`/schemas/ids/${restrictedId}`)).status).toBe(200);
    expect(fastPathServes(restrictedId)).toBe(true);
    expect((await get('/subjects/vault.secrets-value/versions/latest', 'oscar')).status).toBe(200);
    const bytes = await client('admin').encode(restrictedId, message('s-3'));
    expect(await client().decode(bytes)).toEqual(message('s-3'));
    expect((await refusedReads()).length).toBe(before);
  }, 120_000);
});
