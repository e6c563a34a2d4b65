import { DekRegistryClient } from '@confluentinc/schemaregistry';
import { AccessWorld, Person } from './support/access';
import { requestStatements } from './support/request-statements';
import { TestApp } from './support/test-app';

/**
 * The key registry `/dek-registry/v1` over HTTP and through the official client's
 * DekRegistryClient: Confluent's paths, bodies and error codes; keys kept to their jurisdiction;
 * DEKs only for the owning team and READ grantees, decided at every read; refusals on the record.
 */
describe('key registry: /dek-registry/v1', () => {
  let app: TestApp;
  let w: AccessWorld;

  const material = (n: number) => Buffer.from(`wrapped-dek-${n}`.padEnd(32, '.')).toString('base64');
  const call = async (person: Person, method: string, path: string, body?: unknown) => {
    const res = await app.fetch(`/dek-registry/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${w.tokens[person]}`,
        ...(body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const errorOf = (res: { status: number; body: any }) => ({ status: res.status, code: res.body?.error_code });
  const rows = async (sql: string, params: unknown[] = []) => (await app.superuser(sql, params)) as any[];
  const auditActions = async (targetId: string) =>
    (await rows('SELECT action, actor, details FROM audit_log WHERE target_id = $1 ORDER BY seq', [targetId])) as Array<{
      action: string;
      actor: string;
      details: any;
    }>;
  const kek = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    kmsType: 'local-kms',
    kmsKeyId: `${name}-key`,
    jurisdiction: 'EU',
    ...extra,
  });

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_JURISDICTION: 'EU' });
    w = await AccessWorld.create(app);
    await w.topic('orders.placed');
    await w.topic('profiles.swiss', { jurisdiction: 'CH' });
    expect((await call('stella', 'POST', '/keks', kek('eu-kek', { doc: 'EU KMS' }))).status).toBe(200);
    expect((await call('stella', 'POST', '/keks', kek('ch-kek', { jurisdiction: 'CH' }))).status).toBe(200);
  }, 120_000);
  afterAll(() => app?.close());

  describe('KEKs', () => {
    it('creates, reads, lists and updates a KEK in Confluent’s shape, with its jurisdiction', async () => {
      const created = await call('sam', 'POST', '/keks', kek('crud-kek', { kmsProps: { b: '2', a: '1' } }));
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        name: 'crud-kek',
        kmsType: 'local-kms',
        kmsKeyId: 'crud-kek-key',
        kmsProps: { a: '1', b: '2' },
        shared: false,
        ts: expect.any(Number),
        jurisdiction: 'EU',
      });
      expect((await call('rita', 'GET', '/keks/crud-kek')).body).toEqual(created.body);
      expect((await call('rita', 'GET', '/keks')).body).toEqual(expect.arrayContaining(['crud-kek', 'eu-kek', 'ch-kek']));
      const updated = await call('sam', 'PUT', '/keks/crud-kek', { doc: 'rotated yearly', kmsProps: { a: '3' } });
      expect(updated.body).toMatchObject({ name: 'crud-kek', doc: 'rotated yearly', kmsProps: { a: '3' }, kmsKeyId: 'crud-kek-key' });
      expect((await auditActions('crud-kek')).map((a) => [a.action, a.actor])).toEqual([
        ['keys.kek.created', 'sam'],
        ['keys.kek.updated', 'sam'],
      ]);
    });

    it('answers 40971 to a second create, 40470 to an unknown name and 42271 to a bad name', async () => {
      expect(errorOf(await call('stella', 'POST', '/keks', kek('eu-kek', { doc: 'EU KMS' })))).toEqual({ status: 409, code: 40971 });
      expect(errorOf(await call('stella', 'GET', '/keks/no-such-kek'))).toEqual({ status: 404, code: 40470 });
      expect(errorOf(await call('stella', 'POST', '/keks', kek('9starts-with-digit')))).toEqual({ status: 422, code: 42271 });
      expect(errorOf(await call('stella', 'POST', '/keks', { name: 'k', kmsType: 'aws-kms', kmsKeyId: 'not-an-arn' }))).toEqual({
        status: 422,
        code: 42271,
      });
    });

    it('refuses shared: true with 42271 naming the field, and writes nothing', async () => {
      const res = await call('stella', 'POST', '/keks', kek('shared-kek', { shared: true }));
      expect(errorOf(res)).toEqual({ status: 422, code: 42271 });
      expect(res.body.message).toMatch(/field 'shared'.*no KMS credentials/);
      expect(errorOf(await call('stella', 'GET', '/keks/shared-kek?deleted=true'))).toEqual({ status: 404, code: 40470 });
      expect(errorOf(await call('stella', 'PUT', '/keks/eu-kek', { shared: true }))).toEqual({ status: 422, code: 42271 });
      expect((await call('stella', 'GET', '/keks/eu-kek')).body.shared).toBe(false);
    });

    it('lets only admins and stewards write KEKs, and records the refusal', async () => {
      const res = await call('olga', 'POST', '/keks', kek('team-kek'));
      expect(errorOf(res)).toEqual({ status: 403, code: 40301 });
      expect(errorOf(await call('olga', 'GET', '/keks/team-kek'))).toEqual({ status: 404, code: 40470 });
      expect((await auditActions('team-kek')).map((a) => [a.action, a.actor])).toEqual([['keys.kek.write-refused', 'olga']]);
      expect((await app.fetch('/dek-registry/v1/keks')).status).toBe(401);
    });

    it('deletes softly first, permanently after, and undeletes in between', async () => {
      await call('stella', 'POST', '/keks', kek('old-kek'));
      expect(errorOf(await call('stella', 'DELETE', '/keks/old-kek?permanent=true'))).toEqual({ status: 404, code: 40471 });
      expect((await call('stella', 'DELETE', '/keks/old-kek')).status).toBe(204);
      expect(errorOf(await call('stella', 'GET', '/keks/old-kek'))).toEqual({ status: 404, code: 40470 });
      expect((await call('stella', 'GET', '/keks/old-kek?deleted=true')).body).toMatchObject({ name: 'old-kek', deleted: true });
      expect((await call('stella', 'GET', '/keks')).body).not.toContain('old-kek');
      expect((await call('stella', 'GET', '/keks?deleted=true')).body).toContain('old-kek');
      expect((await call('stella', 'POST', '/keks/old-kek/undelete')).status).toBe(204);
      expect((await call('stella', 'GET', '/keks/old-kek')).body.deleted).toBeUndefined();
      expect((await call('stella', 'DELETE', '/keks/old-kek')).status).toBe(204);
      expect((await call('stella', 'DELETE', '/keks/old-kek?permanent=true')).status).toBe(204);
      expect(errorOf(await call('stella', 'GET', '/keks/old-kek?deleted=true'))).toEqual({ status: 404, code: 40470 });
    });
  });

  describe('DEKs', () => {
    it('stores the wrapped key the owning team sends, and never a plain one', async () => {
      const res = await call('olga', 'POST', '/keks/eu-kek/deks/orders.placed-value', {
        subject: 'orders.placed-value',
        version: 1,
        algorithm: 'AES256_GCM',
        encryptedKeyMaterial: material(1),
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        kekName: 'eu-kek',
        subject: 'orders.placed-value',
        version: 1,
        algorithm: 'AES256_GCM',
        encryptedKeyMaterial: material(1),
        ts: expect.any(Number),
      });
      const stored = await rows(`SELECT * FROM dek WHERE subject = 'orders.placed-value'`);
      expect(Object.keys(stored[0])).not.toContain('key_material');
      expect((await auditActions('eu-kek/orders.placed-value')).map((a) => a.action)).toEqual(['keys.dek.created']);
    });

    it('refuses bad input with Confluent codes and writes nothing', async () => {
      const before = await rows('SELECT count(*)::int AS n FROM dek');
      const post = (person: Person, kekName: string, subject: string, body: Record<string, unknown>) =>
        call(person, 'POST', `/keks/${kekName}/deks/${subject}`, {
          version: 1,
          algorithm: 'AES256_GCM',
          encryptedKeyMaterial: material(9),
          ...body,
        });

      // Unknown KEK.
      expect(errorOf(await post('olga', 'no-such-kek', 'orders.placed-value', {}))).toEqual({ status: 404, code: 40470 });
      // The same version again, with other material.
      expect(errorOf(await post('olga', 'eu-kek', 'orders.placed-value', {}))).toEqual({ status: 409, code: 40971 });
      // An algorithm Confluent does not know.
      const wrongAlgorithm = await post('olga', 'eu-kek', 'orders.placed-value', { algorithm: 'DES_CBC', version: 5 });
      expect(errorOf(wrongAlgorithm)).toEqual({ status: 422, code: 42271 });
      expect(wrongAlgorithm.body.message).toMatch(/'algorithm'/);
      expect(errorOf(await call('olga', 'GET', '/keks/eu-kek/deks/orders.placed-value?algorithm=ROT13'))).toEqual({
        status: 422,
        code: 42271,
      });
      // No wrapped key: Charter never generates one.
      expect(errorOf(await post('olga', 'eu-kek', 'orders.placed-value', { encryptedKeyMaterial: undefined, version: 6 }))).toEqual({
        status: 422,
        code: 42271,
      });
      // A Swiss topic's key under an EU KEK, and an EU topic's key under the Swiss KEK.
      const swiss = await post('olga', 'eu-kek', 'profiles.swiss-value', {});
      expect(errorOf(swiss)).toEqual({ status: 422, code: 42271 });
      expect(swiss.body.message).toMatch(/jurisdiction CH.*KEK 'eu-kek' declares jurisdiction EU/);
      const eu = await post('olga', 'ch-kek', 'orders.placed-value', {});
      expect(eu.body.message).toMatch(/jurisdiction EU.*KEK 'ch-kek' declares jurisdiction CH/);
      // A subject of no catalogued topic has no known jurisdiction.
      expect(errorOf(await post('admin', 'eu-kek', 'loose-subject', {}))).toEqual({ status: 422, code: 42271 });
      // Another team's subject.
      expect(errorOf(await post('rita', 'eu-kek', 'orders.placed-value', { version: 7 }))).toEqual({ status: 403, code: 40301 });

      expect(await rows('SELECT count(*)::int AS n FROM dek')).toEqual(before);
      const refusals = await auditActions('eu-kek/profiles.swiss-value');
      expect(refusals.map((a) => [a.action, a.actor])).toEqual([['keys.dek.write-refused', 'olga']]);
      expect(refusals[0].details.reason).toMatch(/CH.*EU/);
    });

    it('lets one of two racing creates of the same DEK version win; the other gets 40971', async () => {
      const race = await Promise.all(
        [10, 11].map((n) =>
          call('olga', 'POST', '/keks/ch-kek/deks/profiles.swiss-value', { version: 1, encryptedKeyMaterial: material(n) }),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(race.find((r) => r.status === 409)?.body.error_code).toBe(40971);
      expect(await rows(`SELECT count(*)::int AS n FROM dek WHERE subject = 'profiles.swiss-value'`)).toEqual([{ n: 1 }]);
    });

    it('serves a DEK to the owning team and to READ grantees only, deciding at every read', async () => {
      const path = '/keks/eu-kek/deks/orders.placed-value/versions/1?algorithm=AES256_GCM&deleted=false';
      expect((await call('olga', 'GET', path)).body.encryptedKeyMaterial).toBe(material(1));

      const refused = await call('rita', 'GET', path);
      expect(errorOf(refused)).toEqual({ status: 403, code: 40301 });
      expect(refused.body.message).toMatch(/team 'shop'.*READ grant/);
      // Roles give no keys.
      expect(errorOf(await call('stella', 'GET', path))).toEqual({ status: 403, code: 40301 });

      const request = await w.requested('rita', 'orders.placed');
      await w.decide('olga', 'approve', { id: request.id });
      expect((await call('rita', 'GET', path)).body.encryptedKeyMaterial).toBe(material(1));
      expect((await call('tom', 'GET', path)).status).toBe(200);

      await w.decide('olga', 'revoke', { id: request.id, reason: 'contract ended' });
      expect(errorOf(await call('rita', 'GET', path))).toEqual({ status: 403, code: 40301 });

      const refusals = (await auditActions('eu-kek/orders.placed-value')).filter((a) => a.action === 'keys.dek.read-refused');
      expect(refusals.map((a) => a.actor)).toEqual(['rita', 'stella', 'rita']);
      const counts = await rows(
        `SELECT principal, reads::int FROM dek_read_count WHERE subject = 'orders.placed-value' ORDER BY principal`,
      );
      expect(counts).toEqual([
        { principal: 'olga', reads: 1 },
        { principal: 'rita', reads: 1 },
        { principal: 'tom', reads: 1 },
      ]);
    });

    it('keeps versions: latest, list, delete and undelete one or all, then permanently', async () => {
      const base = '/keks/eu-kek/deks/orders.placed-value';
      await call('olga', 'POST', base, { version: 2, encryptedKeyMaterial: material(2) });
      expect((await call('olga', 'GET', `${base}/versions/latest`)).body.version).toBe(2);
      expect((await call('olga', 'GET', `${base}/versions/-1`)).body.version).toBe(2);
      expect((await call('olga', 'GET', base)).body.version).toBe(1);
      expect((await call('olga', 'GET', `${base}/versions`)).body).toEqual([1, 2]);
      expect((await call('olga', 'GET', '/keks/eu-kek/deks')).body).toEqual(['orders.placed-value']);
      expect((await call('olga', 'GET', '/keks?subjectPrefix=orders.')).body).toEqual(['eu-kek']);
      expect(errorOf(await call('olga', 'GET', `${base}/versions/0`))).toEqual({ status: 422, code: 42202 });
      expect(errorOf(await call('olga', 'GET', `${base}/versions/9`))).toEqual({ status: 404, code: 40470 });

      expect((await call('olga', 'DELETE', `${base}/versions/2`)).status).toBe(204);
      expect((await call('olga', 'GET', `${base}/versions`)).body).toEqual([1]);
      expect((await call('olga', 'GET', `${base}/versions?deleted=true`)).body).toEqual([1, 2]);
      expect((await call('olga', 'POST', `${base}/versions/2/undelete`)).status).toBe(204);
      expect((await call('olga', 'GET', `${base}/versions`)).body).toEqual([1, 2]);

      // A KEK with live DEKs cannot go, and DEKs go softly first.
      expect(errorOf(await call('stella', 'DELETE', '/keks/eu-kek'))).toEqual({ status: 422, code: 42272 });
      expect(errorOf(await call('olga', 'DELETE', `${base}?permanent=true`))).toEqual({ status: 404, code: 40471 });
      expect((await call('olga', 'DELETE', base)).status).toBe(204);
      expect((await call('olga', 'GET', `${base}/versions`)).body).toEqual([]);
      expect(errorOf(await call('olga', 'GET', `${base}/versions/1`))).toEqual({ status: 404, code: 40470 });
      expect((await call('olga', 'GET', `${base}/versions/1?deleted=true`)).body).toMatchObject({ version: 1, deleted: true });

      // With the KEK soft-deleted, its DEKs must wait for it (40472).
      expect((await call('stella', 'DELETE', '/keks/eu-kek')).status).toBe(204);
      expect(errorOf(await call('olga', 'POST', `${base}/undelete`))).toEqual({ status: 404, code: 40472 });
      expect(errorOf(await call('stella', 'DELETE', '/keks/eu-kek?permanent=true'))).toEqual({ status: 422, code: 42272 });
      expect((await call('stella', 'POST', '/keks/eu-kek/undelete')).status).toBe(204);
      expect((await call('olga', 'POST', `${base}/undelete`)).status).toBe(204);
      expect((await call('olga', 'GET', `${base}/versions`)).body).toEqual([1, 2]);

      const actions = (await auditActions('eu-kek/orders.placed-value')).map((a) => a.action).filter((a) => !a.endsWith('-refused'));
      expect(actions).toEqual([
        'keys.dek.created',
        'keys.dek.created',
        'keys.dek.deleted',
        'keys.dek.undeleted',
        'keys.dek.deleted',
        'keys.dek.undeleted',
      ]);
    });
  });

  it('batches the key fields: the statements of a list query do not grow with its length', async () => {
    const statementsOf = (query: string) =>
      requestStatements(app, async () => expect((await w.as('stella')(query)).errors).toBeUndefined());
    const topics = (first: number) => `{ topics(first: ${first}) { edges { node { name encryptionKeys { kekName jurisdiction } } } } }`;
    const single = await statementsOf(topics(1));
    expect(await statementsOf(topics(2))).toBe(single);
    const keks = `{ keks(includeDeleted: true) { name dataKeys { subject } reads { principal } } }`;
    const one = await statementsOf(`{ kek(name: "eu-kek") { name dataKeys { subject } reads { principal } } }`);
    expect(await statementsOf(keks)).toBe(one);
  });

  it('works with the official DekRegistryClient', async () => {
    const client = (person: Person) =>
      DekRegistryClient.newClient({
        baseURLs: [app.url],
        basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${person}:${w.tokens[person]}` },
        maxRetries: 0,
      });
    const steward = client('stella');
    const kekBack = await steward.registerKek('client-kek', 'local-kms', 'client-key', false);
    expect(kekBack).toMatchObject({ name: 'client-kek', kmsType: 'local-kms', kmsKeyId: 'client-key', shared: false });
    expect(await client('olga').getKek('client-kek', false)).toMatchObject({ name: 'client-kek' });

    const owner = client('olga');
    const dek = await owner.registerDek('client-kek', 'orders.placed-key', 'AES256_SIV', 1, material(3));
    expect(dek).toMatchObject({ kekName: 'client-kek', subject: 'orders.placed-key', version: 1, algorithm: 'AES256_SIV' });
    expect(await owner.getDek('client-kek', 'orders.placed-key', 'AES256_SIV', -1, false)).toMatchObject({ version: 1 });
    await expect(client('oscar').getDek('client-kek', 'orders.placed-key', 'AES256_SIV', 1, false)).rejects.toMatchObject({ status: 403 });
    await expect(client('olga').registerKek('olga-kek', 'local-kms', 'k', false)).rejects.toMatchObject({ status: 403 });
  });

  it('shows KEKs to admins and stewards and a topic’s keys over GraphQL, without key material', async () => {
    const keks = await w.as('stella')(
      `{ keks { name kmsType jurisdiction dataKeys { subject algorithm versions } reads { principal subject reads } } }`,
    );
    expect(keks.errors).toBeUndefined();
    const eu = keks.data.keks.find((k: any) => k.name === 'eu-kek');
    expect(eu).toMatchObject({ kmsType: 'local-kms', jurisdiction: 'EU' });
    expect(eu.dataKeys).toEqual([{ subject: 'orders.placed-value', algorithm: 'AES256_GCM', versions: [1, 2] }]);
    expect(eu.reads).toEqual(expect.arrayContaining([{ principal: 'olga', subject: 'orders.placed-value', reads: expect.any(Number) }]));
    expect((await w.as('olga')(`{ keks { name } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await w.as('sam')(`{ kek(name: "ch-kek") { name jurisdiction } }`)).data.kek).toEqual({ name: 'ch-kek', jurisdiction: 'CH' });

    const topic = await w.as('rita')(
      `{ topic(name: "orders.placed") { encryptionKeys { subject kekName kmsType jurisdiction algorithm latestVersion } } }`,
    );
    expect(topic.data.topic.encryptionKeys).toEqual([
      {
        subject: 'orders.placed-key',
        kekName: 'client-kek',
        kmsType: 'local-kms',
        jurisdiction: 'EU',
        algorithm: 'AES256_SIV',
        latestVersion: 1,
      },
      {
        subject: 'orders.placed-value',
        kekName: 'eu-kek',
        kmsType: 'local-kms',
        jurisdiction: 'EU',
        algorithm: 'AES256_GCM',
        latestVersion: 2,
      },
    ]);
  });
});
