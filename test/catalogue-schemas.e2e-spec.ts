import { createTeams } from './support/principals';
import { RegistryHttp } from './support/registry-http';
import { requestStatements } from './support/request-statements';
import { TestApp } from './support/test-app';
import { registerTopic } from './support/topics';

const avro = (fields: object[]) => ({ schema: JSON.stringify({ type: 'record', name: 'CustomerChanged', namespace: 'demo', fields }) });

const SUBJECTS = `query($name: String!, $from: Int!, $to: Int!) { topic(name: $name) { subjects {
  subject part versions { version schemaId }
  latest { version schemaType fields { path type depth leaf optional repeated tags } }
  diff(from: $from, to: $to) { fromVersion toVersion added { path tags } removed { path } changed { path before { type } after { type } }
    compatibility { level compatible messages } } } } }`;

// These topics carry state: an EVENT topic's payload contract would ask for an event id and an
// occurrence time, and an INTERNAL one forbids PII fields, neither of which this suite is about.
const STATE_TOPIC = { intent: 'STATE', classification: 'CONFIDENTIAL' };

describe("catalogue: a topic's subjects, versions, fields and diffs", () => {
  let app: TestApp;
  let registry: RegistryHttp;

  beforeAll(async () => {
    app = await TestApp.start();
    registry = new RegistryHttp(app);
    await createTeams(app, 'customers');
  });

  afterAll(() => app.close());

  it('shows the history of the value subject, field tags per version and the diff between versions', async () => {
    await registerTopic(app, { name: 'customers.changed', ownerTeam: 'customers', ...STATE_TOPIC });
    const id = { name: 'customerId', type: 'string' };
    expect((await registry.call('POST', '/subjects/customers.changed-value/versions', avro([id]))).status).toBe(200);
    const email = { name: 'email', type: ['null', 'string'], default: null, 'confluent:tags': ['PII'] };
    expect((await registry.call('POST', '/subjects/customers.changed-value/versions', avro([id, email]))).status).toBe(200);

    const res = await app.graphql(SUBJECTS, { name: 'customers.changed', from: 1, to: 2 });
    expect(res.errors).toBeUndefined();
    const [value] = res.data.topic.subjects;
    expect(value).toMatchObject({ subject: 'customers.changed-value', part: 'VALUE', latest: { version: 2, schemaType: 'AVRO' } });
    expect(value.versions.map((v: any) => v.version)).toEqual([1, 2]);
    expect(value.latest.fields).toEqual([
      { path: 'customerId', type: 'string', depth: 1, leaf: true, optional: false, repeated: false, tags: [] },
      { path: 'email', type: 'union<null,string>', depth: 1, leaf: true, optional: true, repeated: false, tags: ['PII'] },
    ]);
    expect(value.diff.added).toEqual([{ path: 'email', tags: ['PII'] }]);
    expect(value.diff.removed).toEqual([]);
    expect(value.diff.compatibility).toEqual([
      { level: 'BACKWARD', compatible: true, messages: [] },
      { level: 'FORWARD', compatible: true, messages: [] },
      { level: 'FULL', compatible: true, messages: [] },
    ]);
  });

  it('gives the verdict of a breaking change under each level, with paths', async () => {
    await registerTopic(app, { name: 'customers.renamed', ownerTeam: 'customers', ...STATE_TOPIC });
    await registry.call('PUT', '/config/customers.renamed-value', { compatibility: 'NONE' });
    await registry.call('POST', '/subjects/customers.renamed-value/versions', avro([{ name: 'customerId', type: 'string' }]));
    await registry.call(
      'POST',
      '/subjects/customers.renamed-value/versions',
      avro([
        { name: 'customerId', type: 'string' },
        { name: 'tier', type: 'int' },
      ]),
    );
    const res = await app.graphql(SUBJECTS, { name: 'customers.renamed', from: 1, to: 2 });
    const verdicts = res.data.topic.subjects[0].diff.compatibility;
    expect(verdicts.map((v: any) => [v.level, v.compatible])).toEqual([
      ['BACKWARD', false],
      ['FORWARD', true],
      ['FULL', false],
    ]);
    expect(verdicts[0].messages[0]).toMatch(/tier/);
  });

  it('reads field tags from Protobuf options and JSON Schema keywords', async () => {
    await registerTopic(app, { name: 'customers.proto', ownerTeam: 'customers', ...STATE_TOPIC });
    const proto = `syntax = "proto3";\npackage demo;\nimport "confluent/meta.proto";\nmessage Customer {\n  string id = 1;\n  string phone = 2 [(confluent.field_meta).tags = "PII"];\n}\n`;
    expect(
      (await registry.call('POST', '/subjects/customers.proto-value/versions', { schemaType: 'PROTOBUF', schema: proto })).status,
    ).toBe(200);
    await registerTopic(app, { name: 'customers.json', ownerTeam: 'customers', ...STATE_TOPIC });
    const json = {
      type: 'object',
      properties: { id: { type: 'string' }, birthDate: { type: 'string', 'confluent:tags': ['PII'] } },
      required: ['id'],
    };
    expect(
      (await registry.call('POST', '/subjects/customers.json-value/versions', { schemaType: 'JSON', schema: JSON.stringify(json) })).status,
    ).toBe(200);
    const q = `query($name: String!) { topic(name: $name) { subjects { latest { schemaType fields { path tags } } } } }`;
    const protoFields = (await app.graphql(q, { name: 'customers.proto' })).data.topic.subjects[0].latest;
    expect(protoFields).toEqual({
      schemaType: 'PROTOBUF',
      fields: [
        { path: 'id', tags: [] },
        { path: 'phone', tags: ['PII'] },
      ],
    });
    const jsonFields = (await app.graphql(q, { name: 'customers.json' })).data.topic.subjects[0].latest;
    expect(jsonFields).toEqual({
      schemaType: 'JSON',
      fields: [
        { path: 'id', tags: [] },
        { path: 'birthDate', tags: ['PII'] },
      ],
    });
  });

  it('lists no subjects for a topic without schemas, and refuses a diff with a version that does not exist', async () => {
    await registerTopic(app, { name: 'customers.empty', ownerTeam: 'customers', ...STATE_TOPIC });
    expect((await app.graphql(SUBJECTS, { name: 'customers.empty', from: 1, to: 2 })).data.topic.subjects).toEqual([]);
    const res = await app.graphql(SUBJECTS, { name: 'customers.changed', from: 1, to: 9 });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'to' }, path: ['topic', 'subjects', 0, 'diff'] });
    expect(res.data.topic.subjects[0]).toMatchObject({ subject: 'customers.changed-value', diff: null });
    const one = await app.graphql(
      `{ topic(name: "customers.changed") { value: subject(part: VALUE) { subject } key: subject(part: KEY) { subject } } }`,
    );
    expect(one.data.topic).toEqual({ value: { subject: 'customers.changed-value' }, key: null });
  });

  it('answers a page of topics with owners, members and latest fields in the same number of statements for 5 or 50 topics', async () => {
    await createTeams(app, 'bulk-a', 'bulk-b', 'bulk-c');
    for (let i = 0; i < 60; i++) {
      const name = `bulk.topic-${String(i).padStart(2, '0')}`;
      await registerTopic(app, { name, ownerTeam: ['bulk-a', 'bulk-b', 'bulk-c'][i % 3], tags: ['bulk'], ...STATE_TOPIC });
      const res = await registry.call('POST', `/subjects/${name}-value/versions`, avro([{ name: `f${i}`, type: 'string', tags: ['PII'] }]));
      expect(res.status).toBe(200);
    }
    const query = `query($first: Int!) { topics(first: $first, filter: { tag: "bulk" }) { totalCount edges { node {
      name owner { slug members { username } } subjects { latest { fields { path tags } } } } } } }`;
    const measure = (first: number) =>
      requestStatements(app, async () => {
        const res = await app.graphql(query, { first });
        expect(res.errors).toBeUndefined();
        expect(res.data.topics.edges).toHaveLength(first);
        expect(res.data.topics.edges[first - 1].node.subjects[0].latest.fields[0].tags).toEqual(['PII']);
      });
    const small = await measure(5);
    const large = await measure(50);
    expect(large).toBe(small);
    expect(small).toBeGreaterThanOrEqual(2); // at least the page and its latest versions
    expect(small).toBeLessThanOrEqual(12);
  });
});
