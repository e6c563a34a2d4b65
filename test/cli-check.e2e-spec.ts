import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { RegistryHttp } from './support/registry-http';
import { CliResult, freePort, runCliAsync } from './support/server-process';
import {
  customerIncompatible,
  customerV1,
  orderCompatible,
  orderIncompatible,
  orderV1,
  paymentIncompatible,
  paymentV1,
  SchemaWorkspace,
} from './support/schema-workspace';
import { ADMIN_TOKEN, TestApp } from './support/test-app';
import { createTeams } from './support/principals';
import { registerTopic } from './support/topics';

const JUNIT_XSD = readFileSync(join(__dirname, 'fixtures', 'junit-10.xsd'), 'utf8');

/** `charter check` and `charter register` as a CI job runs them, against the real server. */
describe('charter check (online)', () => {
  let app: TestApp;
  let registry: RegistryHttp;
  const ws = new SchemaWorkspace();
  const check = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runCliAsync(['check', ...args], { CHARTER_URL: app.url, ...env }, ws.root);

  beforeAll(async () => {
    app = await TestApp.start();
    registry = new RegistryHttp(app);
    expect((await registry.register('orders-value', orderV1)).status).toBe(200);
    expect((await registry.register('payments-value', paymentV1, { schemaType: 'PROTOBUF' })).status).toBe(200);
    expect((await registry.register('customers-value', customerV1, { schemaType: 'JSON' })).status).toBe(200);
    ws.write('compatible/orders-value.avsc', orderCompatible);
    ws.write('compatible/README.json', { not: 'a schema' });
    ws.write('incompatible/orders-value.avsc', orderIncompatible);
    ws.write('formats/payments-value.proto', paymentIncompatible);
    ws.write('formats/customers-value.json', customerIncompatible);
    ws.write('invalid/orders-value.avsc', '{\n  "type": "record",\n  "name": "Order",\n  "fields": [ { "name": "id" } ]\n}\n');
    ws.write('new/brand-new-topic-value.avsc', orderV1);
  });
  afterAll(async () => {
    await app.close();
    ws.remove();
  });

  it('passes a compatible change with exit 0 and skips files that are not schemas', async () => {
    const result = await check(['compatible']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('✔ compatible/orders-value.avsc → orders-value: compatible');
    expect(result.stdout).toContain('compatible/README.json: skipped');
    expect(result.status).toBe(0);
  });

  it('passes a schema for a subject with no versions yet', async () => {
    const result = await check(['new', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ subject: 'brand-new-topic-value', passed: true });
  });

  it('human: an incompatible change fails with exit 1, the path, the line and the reason', async () => {
    const result = await check(['incompatible']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ incompatible/orders-value.avsc → orders-value: incompatible against version 1 under BACKWARD');
    expect(result.stdout).toMatch(
      /TYPE_MISMATCH at \/fields\/1\/type \(line 11\): Field "amount" in record "com.acme.Order" is string in the reader but int in the writer/,
    );
    // Output to a pipe carries no colour codes.
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('json: the verdict, path and reason as data', async () => {
    const result = await check(['incompatible', '--format', 'json']);
    expect(result.status).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.passed).toBe(false);
    expect(doc.files[0]).toMatchObject({ subject: 'orders-value', status: 'INCOMPATIBLE', againstVersion: 1, level: 'BACKWARD' });
    expect(doc.files[0].problems[0]).toMatchObject({ rule: 'TYPE_MISMATCH', path: '/fields/1/type', line: 11 });
    expect(doc.files[0].problems[0].message).toContain('Field "amount"');
  });

  it('junit: valid against the Jenkins JUnit XSD, failure with path and reason; --output writes the file', async () => {
    const result = await check(['incompatible', 'compatible', '--format', 'junit', '--output', 'report.xml']);
    expect(result.status).toBe(1);
    // With --output the log still gets the human summary.
    expect(result.stdout).toContain('1 passed, 1 failed');
    const xml = readFileSync(ws.path('report.xml'), 'utf8');
    const validation = await validateXML({
      xml: [{ fileName: 'report.xml', contents: xml }],
      schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }],
    });
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    // The schema does reject a report without the counts CI systems read.
    const broken = await validateXML({
      xml: [{ fileName: 'b.xml', contents: xml.replace(/ tests="2"/g, '') }],
      schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }],
    });
    expect(broken.valid).toBe(false);
    expect(xml).toContain('tests="2" failures="1" errors="0"');
    expect(xml).toContain('<failure type="TYPE_MISMATCH"');
    expect(xml).toContain('/fields/1/type');
    expect(xml).toContain('Field &quot;amount&quot; in record');
  });

  it('junit: an invalid schema is an error element and still validates', async () => {
    const result = await check(['invalid', '--format', 'junit']);
    expect(result.status).toBe(1);
    const validation = await validateXML({
      xml: [{ fileName: 'r.xml', contents: result.stdout }],
      schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }],
    });
    expect(validation.valid).toBe(true);
    expect(result.stdout).toContain('<error type="INVALID_SCHEMA"');
  });

  it('github: an error annotation on the file and the line of the field', async () => {
    const result = await check(['incompatible', '--format', 'github']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '::error file=incompatible/orders-value.avsc,line=11,title=orders-value%3A TYPE_MISMATCH::TYPE_MISMATCH at /fields/1/type (line 11): Field "amount" in record "com.acme.Order" is string',
    );
  });

  it('finds the line in Protobuf and JSON Schema files too', async () => {
    const result = await check(['formats', '--format', 'github']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/::error file=formats\/payments-value.proto,line=6,title=payments-value%3A [A-Z_]+::.*#\/Payment\/2/);
    expect(result.stdout).toMatch(
      /::error file=formats\/customers-value.json,line=7,title=customers-value%3A [A-Z_]+::.*#\/properties\/age/,
    );
  });

  it('an invalid local schema fails with exit 1, the file and the reason', async () => {
    const result = await check(['invalid/orders-value.avsc']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ invalid/orders-value.avsc → orders-value: invalid schema');
    expect(result.stdout).toContain("INVALID_SCHEMA at /fields/0/type (line 4): Field 'id' in record 'Order' has no type.");
  });

  it('a server that is down gives exit 2 and a message naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await check(['compatible', '--url', url, '--token', 'chr_secret-token-never-printed-000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`charter: cannot reach Charter at ${url}: connection refused`);
    expect(result.stdout + result.stderr).not.toContain('chr_secret-token-never-printed-000');
  });

  it('no URL at all is a usage error naming the flag and the variable', async () => {
    const result = await runCliAsync(['check', 'compatible'], { CHARTER_URL: '' }, ws.root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--url or CHARTER_URL');
  });

  it('a bad manifest gives exit 2 naming the field and the rule', async () => {
    ws.write('manifested/charter.yaml', 'schemas:\n  - file: events/order.avsc\n    topic: orders\n    part: payload\n');
    ws.write('manifested/events/order.avsc', orderCompatible);
    const result = await runCliAsync(['check', 'events'], { CHARTER_URL: app.url }, ws.path('manifested'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid manifest');
    expect(result.stderr).toContain('schemas[0].part: must be key or value');
  });

  it('maps files through charter.yaml (file and glob) and sends the references it lists', async () => {
    const money = { type: 'record', name: 'Money', namespace: 'com.acme', fields: [{ name: 'cents', type: 'long' }] };
    expect((await registry.register('money-value', money)).status).toBe(200);
    const invoice = { type: 'record', name: 'Invoice', namespace: 'com.acme', fields: [{ name: 'total', type: 'com.acme.Money' }] };
    ws.write(
      'mapped/charter.yaml',
      [
        'schemas:',
        '  - file: events/order.avsc',
        '    topic: orders',
        '  - glob: "billing/**/*.avsc"',
        '    topic: invoices',
        '    references:',
        '      - { name: com.acme.Money, subject: money-value, version: 1 }',
      ].join('\n'),
    );
    ws.write('mapped/events/order.avsc', orderCompatible);
    ws.write('mapped/billing/v1/invoice.avsc', invoice);
    const result = await runCliAsync(['check', '.', '--format', 'json'], { CHARTER_URL: app.url }, ws.path('mapped'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = JSON.parse(result.stdout).files.map((f: any) => [f.file, f.subject, f.status]);
    expect(files).toEqual([
      ['billing/v1/invoice.avsc', 'invoices-value', 'COMPATIBLE'],
      ['events/order.avsc', 'orders-value', 'COMPATIBLE'],
    ]);
  });

  describe('payload-contract findings from the server', () => {
    const customerEvent = (fields: Array<Record<string, unknown>>) => ({
      type: 'record',
      name: 'CustomerStatusChanged',
      namespace: 'crm',
      fields,
    });

    beforeAll(async () => {
      await createTeams(app, 'crm');
      await registerTopic(app, { name: 'crm.customer-status-changed', ownerTeam: 'crm', intent: 'EVENT', classification: 'INTERNAL' });
      ws.write(
        'contract-block/crm.customer-status-changed-value.avsc',
        customerEvent([
          { name: 'eventId', type: 'string' },
          { name: 'customerId', type: 'string' },
        ]),
      );
      ws.write(
        'contract-warn/crm.customer-status-changed-value.avsc',
        customerEvent([
          { name: 'eventId', type: 'string' },
          { name: 'occurredAt', type: 'long' },
          { name: 'customerId', type: 'string' },
          { name: 'email', type: 'string' },
        ]),
      );
    });

    it('a BLOCK finding fails a compatible schema (exit 1) with rule, reason and hint', async () => {
      const result = await check(['contract-block']);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('crm.customer-status-changed-value: compatible, blocked by the payload contract');
      expect(result.stdout).toMatch(/BLOCK required-field-missing.*: .*Hint: .*occurredAt/);
      const json = JSON.parse((await check(['contract-block', '--format', 'json'])).stdout);
      expect(json.files[0].problems[0]).toMatchObject({ source: 'contract', severity: 'BLOCK', rule: 'required-field-missing' });
    });

    it("a WARN finding is shown and passes (exit 0), annotated as a warning on the field's line", async () => {
      const human = await check(['contract-warn']);
      expect(human.status).toBe(0);
      expect(human.stdout).toMatch(/WARN untagged-personal-field at email \(line 19\)/);
      const github = await check(['contract-warn', '--format', 'github']);
      expect(github.status).toBe(0);
      expect(github.stdout).toMatch(
        /^::warning file=contract-warn\/crm.customer-status-changed-value.avsc,line=19,title=crm.customer-status-changed-value%3A untagged-personal-field::/m,
      );
    });
  });

  it('register: registers each file, prints id and version, and is idempotent', async () => {
    ws.write('register/shipments-value.avsc', { type: 'record', name: 'Shipment', fields: [{ name: 'id', type: 'string' }] });
    const env = { CHARTER_URL: app.url, CHARTER_TOKEN: ADMIN_TOKEN };
    const first = await runCliAsync(['register', 'register'], env, ws.root);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const id = /id (\d+), version 1 \(registered\)/.exec(first.stdout)?.[1];
    expect(id).toBeDefined();
    const again = await runCliAsync(['register', 'register', '--format', 'json'], env, ws.root);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).registrations).toEqual([
      { file: 'register/shipments-value.avsc', subject: 'shipments-value', outcome: 'UNCHANGED', id: Number(id), version: 1 },
    ]);
    expect(again.stdout).not.toContain(ADMIN_TOKEN);
  });

  it('register: an incompatible file is refused with exit 1 and the reason', async () => {
    const result = await runCliAsync(['register', 'incompatible'], { CHARTER_URL: app.url, CHARTER_TOKEN: ADMIN_TOKEN }, ws.root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ incompatible/orders-value.avsc → orders-value: not registered');
    expect(result.stdout).toContain('incompatible');
  });

  it('register: without a token the server refuses, exit 2 with what to do', async () => {
    const result = await runCliAsync(['register', 'compatible'], { CHARTER_URL: app.url, CHARTER_TOKEN: '' }, ws.root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no token was given (--token or CHARTER_TOKEN)');
  });
});
