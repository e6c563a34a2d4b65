import { TestApp } from './support/test-app';
import { avroRecord, RegistryHttp } from './support/registry-http';

/**
 * Conformance beside registry-conformance.e2e-spec.ts for data contracts (docs/data-contracts.md):
 * `ruleSet` and `metadata` round trip, the default/override merge, `compatibilityGroup`, and the
 * checks of rules at registration.
 */
describe('schema registry conformance: metadata and rule sets (docs/data-contracts.md)', () => {
  let app: TestApp;
  let r: RegistryHttp;

  const f1 = { name: 'f1', type: 'string' };
  const v1 = avroRecord('Rec', [f1]);
  const tagged = avroRecord('Person', [
    { name: 'id', type: 'string' },
    { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
  ]);
  const positive = { name: 'positive', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.f1 != ""', onFailure: 'ERROR' };
  const encrypt = {
    name: 'encryptPii',
    kind: 'TRANSFORM',
    mode: 'WRITEREAD',
    type: 'ENCRYPT',
    tags: ['PII'],
    params: { 'encrypt.kek.name': 'k1' },
  };
  const metadata = { properties: { owner: 'payments', major_version: '1' }, tags: { 'Rec.f1': ['PUBLIC'] }, sensitive: ['f1'] };

  beforeAll(async () => {
    app = await TestApp.start();
    r = new RegistryHttp(app);
  });
  afterAll(() => app.close());

  describe('round trip', () => {
    let id: number;
    const ruleSet = { domainRules: [positive], migrationRules: [], encodingRules: [] };

    it('register accepts a ruleSet; every read of the version returns it and the metadata as sent', async () => {
      const reg = await r.register('rs-rt', v1, { metadata, ruleSet });
      expect(reg.status).toBe(200);
      id = reg.body.id;
      for (const path of [
        '/subjects/rs-rt/versions/1',
        '/subjects/rs-rt/versions/latest',
        `/schemas/ids/${id}`,
        `/schemas/ids/${id}?subject=rs-rt`,
      ]) {
        const res = await r.get(path);
        expect({ path, ruleSet: res.body.ruleSet, metadata: res.body.metadata }).toEqual({ path, ruleSet, metadata });
      }
      const guid = (await r.get(`/schemas/ids/${id}`)).body.guid;
      expect((await r.get(`/schemas/guids/${guid}`)).body.ruleSet).toEqual(ruleSet);
      expect((await r.get('/subjects/rs-rt/metadata?key=owner&value=payments')).body).toMatchObject({ version: 1, ruleSet, metadata });
      const listed = (await r.get('/schemas?subjectPrefix=rs-rt')).body;
      expect(listed[0]).toMatchObject({ ruleSet, metadata });
    });

    it('registering it again answers the same version; lookup finds it with and without the rules', async () => {
      expect((await r.register('rs-rt', v1, { metadata, ruleSet })).body).toMatchObject({ id, version: 1 });
      expect((await r.lookup('rs-rt', v1, { metadata, ruleSet })).body).toMatchObject({ id, version: 1, ruleSet });
      // Omitted rules and metadata are those of the latest version, as registration would fill them in.
      expect((await r.lookup('rs-rt', v1)).body).toMatchObject({ id, version: 1 });
    });

    it('lookup with other rules than those registered finds nothing', async () => {
      const other = { domainRules: [{ ...positive, expr: 'message.f1 == "x"' }] };
      expect((await r.lookup('rs-rt', v1, { metadata, ruleSet: other })).status).toBe(404);
    });

    it('the same schema with other rules, or other metadata, is a new version with a new id', async () => {
      const withRules = await r.register('rs-rt', v1, {
        metadata,
        ruleSet: { domainRules: [{ ...positive, expr: 'size(message.f1) > 1' }] },
      });
      expect(withRules.body.version).toBe(2);
      expect(withRules.body.id).not.toBe(id);
      const withMeta = await r.register('rs-rt', v1, { metadata: { properties: { owner: 'billing' } } });
      expect(withMeta.body.version).toBe(3);
      // Rules not sent are carried over from the latest version.
      expect((await r.get('/subjects/rs-rt/versions/3')).body.ruleSet.domainRules[0].expr).toBe('size(message.f1) > 1');
    });

    it('a schema without rules keeps the id it had before rule sets existed (the content address is unchanged)', async () => {
      const plain = await r.register('rs-plain', avroRecord('Plain', [f1]));
      expect((await r.get(`/schemas/ids/${plain.body.id}`)).body.ruleSet).toBeUndefined();
      expect((await r.register('rs-plain-2', avroRecord('Plain', [f1]))).body.id).toBe(plain.body.id);
    });

    it('encoding and migration rules round trip too', async () => {
      const full = {
        domainRules: [encrypt],
        migrationRules: [
          {
            name: 'up',
            kind: 'TRANSFORM',
            mode: 'UPGRADE',
            type: 'JSONATA',
            expr: '$merge([$sift($, function($v, $k) {$k != "a"}), {"b": $.a}])',
          },
        ],
        encodingRules: [
          { name: 'enc', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT_PAYLOAD', params: { 'encrypt.kek.name': 'k1' } },
        ],
      };
      const reg = await r.register('rs-full', tagged, { ruleSet: full });
      expect(reg.status).toBe(200);
      expect((await r.get('/subjects/rs-full/versions/1')).body.ruleSet).toEqual(full);
    });
  });
});
