import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createTeams } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const avro = (name: string, fields: Array<Record<string, unknown>>) => JSON.stringify({ type: 'record', name, namespace: 'crm', fields });

/** The replica guard in the registry: real clients see a contract refusal as a readable 409. */
describe('payload contracts in the registry', () => {
  let app: TestApp;
  let http: RegistryHttp;
  const client = () => new SchemaRegistry({ host: app.url, auth: { username: 'x', password: ADMIN_TOKEN } });

  beforeAll(async () => {
    app = await TestApp.start();
    http = new RegistryHttp(app);
    await createTeams(app, 'crm');
    await registerTopic(app, { name: 'crm.customer-status-changed', ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });
  });
  afterAll(() => app.close());

  it('refuses a version of a catalogued EVENT topic that lacks an occurrence time, with the finding in the message', async () => {
    const schema = avro('CustomerStatusChanged', [
      { name: 'eventId', type: 'string' },
      { name: 'customerId', type: 'string' },
    ]);
    const attempt = client().register({ type: SchemaType.AVRO, schema }, { subject: 'crm.customer-status-changed-value' });
    await expect(attempt).rejects.toThrow(
      /breaks the payload contract of topic "crm.customer-status-changed"[\s\S]*required-field-missing/,
    );
    const res = await http.post('/subjects/crm.customer-status-changed-value/versions', { schema });
    expect(res.status).toBe(409);
    expect(res.body.error_code).toBe(40901);
    expect(res.body.message).toContain('Add a top-level `occurredAt` field');
  });

  it('answers the compatibility endpoint with the findings, and registers a compliant schema', async () => {
    const schema = avro('CustomerStatusChanged', [
      { name: 'eventId', type: 'string' },
      { name: 'occurredAt', type: 'long' },
      { name: 'customerId', type: 'string' },
      { name: 'email', type: 'string' },
    ]);
    const check = await http.post('/compatibility/subjects/crm.customer-status-changed-value/versions', { schema });
    expect(check.body).toEqual({
      is_compatible: true,
      findings: [expect.objectContaining({ rule: 'untagged-personal-field', severity: 'WARN', path: 'email' })],
    });
    const { id } = await client().register({ type: SchemaType.AVRO, schema }, { subject: 'crm.customer-status-changed-value' });
    expect(id).toBeGreaterThan(0);
  });

  it('leaves subjects of uncatalogued topics and key subjects to compatibility alone', async () => {
    const bare = avro('Bare', [{ name: 'x', type: 'string' }]);
    expect((await http.post('/subjects/uncatalogued-value/versions', { schema: bare })).status).toBe(200);
    expect((await http.post('/subjects/crm.customer-status-changed-key/versions', { schema: '"string"' })).status).toBe(200);
    expect((await http.post('/compatibility/subjects/uncatalogued-value/versions', { schema: bare })).body).toEqual({
      is_compatible: true,
    });
  });

  it('records but does not refuse versions imported in IMPORT mode', async () => {
    await registerTopic(app, { name: 'crm.imported', ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });
    await http.put('/mode/crm.imported-value', { mode: 'IMPORT' });
    const schema = avro('Imported', [{ name: 'customerId', type: 'string' }]);
    const res = await http.post('/subjects/crm.imported-value/versions', { schema, id: 900, version: 1 });
    expect(res.body).toMatchObject({ id: 900, version: 1 });
    const version = await app.graphql(`{ topic(name: "crm.imported") { subjects { latest { version findings { rule severity } } } } }`);
    expect(version.data.topic.subjects[0].latest.findings).toEqual([
      { rule: 'required-field-missing', severity: 'BLOCK' },
      { rule: 'required-field-missing', severity: 'BLOCK' },
    ]);
  });
});
