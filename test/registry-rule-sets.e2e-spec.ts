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

  describe('default and override merge (Confluent order: default < sent or inherited < override)', () => {
    it('defaults fill in what the request leaves out; overrides win over what it sends; rules merge by name', async () => {
      const put = await r.put('/config/rs-merge', {
        compatibility: 'NONE',
        defaultMetadata: { properties: { owner: 'platform', tier: 'bronze' } },
        overrideMetadata: { properties: { tier: 'gold' } },
        defaultRuleSet: {
          domainRules: [
            { ...positive, name: 'fromDefault' },
            { ...positive, name: 'shared', expr: 'true' },
          ],
        },
        overrideRuleSet: { domainRules: [{ ...positive, name: 'fromOverride' }] },
      });
      expect(put.status).toBe(200);
      expect((await r.get('/config/rs-merge')).body.overrideRuleSet.domainRules[0].name).toBe('fromOverride');

      const reg = await r.register('rs-merge', v1, {
        metadata: { properties: { owner: 'payments', tier: 'silver' } },
        ruleSet: {
          domainRules: [
            { ...positive, name: 'shared', expr: 'false' },
            { ...positive, name: 'own' },
          ],
        },
      });
      expect(reg.status).toBe(200);
      const stored = (await r.get('/subjects/rs-merge/versions/1')).body;
      expect(stored.metadata).toEqual({ properties: { owner: 'payments', tier: 'gold' } });
      expect(stored.ruleSet.domainRules.map((x: any) => `${x.name}:${x.expr}`)).toEqual([
        `fromDefault:${positive.expr}`,
        'shared:false',
        `own:${positive.expr}`,
        `fromOverride:${positive.expr}`,
      ]);
    });

    it("a request without metadata or rules inherits the previous version's, then the merge applies again", async () => {
      const reg = await r.register('rs-merge', avroRecord('Rec', [f1, { name: 'f2', type: 'int', default: 0 }]));
      expect(reg.body.version).toBe(2);
      const stored = (await r.get('/subjects/rs-merge/versions/2')).body;
      expect(stored.metadata).toEqual({ properties: { owner: 'payments', tier: 'gold' } });
      expect(stored.ruleSet.domainRules.map((x: any) => x.name)).toEqual(['fromDefault', 'shared', 'own', 'fromOverride']);
    });

    it('lookup of the schema as first sent finds the merged version, as registration would have completed it', async () => {
      const found = await r.lookup('rs-merge', avroRecord('Rec', [f1, { name: 'f2', type: 'int', default: 0 }]));
      expect(found.body).toMatchObject({ version: 2 });
    });

    it('a global default applies to subjects without their own config', async () => {
      await r.put('/config', { defaultMetadata: { properties: { estate: 'eu' } } });
      try {
        await r.register('rs-global-default', avroRecord('G', [f1]));
        expect((await r.get('/subjects/rs-global-default/versions/1')).body.metadata).toEqual({ properties: { estate: 'eu' } });
      } finally {
        await r.put('/config', { defaultMetadata: null });
      }
    });
  });

  describe('compatibilityGroup', () => {
    const major = (n: number) => ({ properties: { major_version: String(n) } });
    const v1Schema = avroRecord('Order', [
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'int' },
    ]);
    // Breaks BACKWARD against major 1: a new field without a default, a type change.
    const v2Schema = avroRecord('Order', [
      { name: 'id', type: 'string' },
      { name: 'total', type: 'string' },
    ]);

    it('without a group, an incompatible schema is refused even with a new major_version', async () => {
      await r.put('/config/rs-nogroup', { compatibility: 'BACKWARD' });
      await r.register('rs-nogroup', v1Schema, { metadata: major(1) });
      expect((await r.register('rs-nogroup', v2Schema, { metadata: major(2) })).status).toBe(409);
    });

    it('with compatibilityGroup=major_version, a new major is checked only against its own group', async () => {
      await r.put('/config/rs-group', { compatibility: 'BACKWARD_TRANSITIVE', compatibilityGroup: 'major_version' });
      expect((await r.get('/config/rs-group')).body.compatibilityGroup).toBe('major_version');
      await r.register('rs-group', v1Schema, { metadata: major(1) });
      const two = await r.register('rs-group', v2Schema, { metadata: major(2) });
      expect(two.status).toBe(200);
      expect(two.body.version).toBe(2);
      // Within major 2 the level holds: dropping the default-less field breaks nothing, adding one without a default does.
      const bad = avroRecord('Order', [
        { name: 'id', type: 'string' },
        { name: 'total', type: 'string' },
        { name: 'x', type: 'int' },
      ]);
      expect((await r.register('rs-group', bad, { metadata: major(2) })).status).toBe(409);
      // Inherited metadata keeps a version in the latest group: the same change without metadata is refused too.
      expect((await r.register('rs-group', bad)).status).toBe(409);
    });

    it('the compatibility endpoints filter by the group of the metadata sent', async () => {
      const check = async (metadata: unknown) =>
        (
          await r.post('/compatibility/subjects/rs-group/versions?verbose=true', {
            schema: JSON.stringify(avroRecord('Order', [{ name: 'q', type: 'int' }])),
            metadata,
          })
        ).body;
      expect((await check(major(3))).is_compatible).toBe(true);
      expect((await check(major(2))).is_compatible).toBe(false);
      const latest = await r.post('/compatibility/subjects/rs-group/versions/latest', {
        schema: JSON.stringify(v1Schema),
        metadata: major(1),
      });
      // The latest version is in group 2: nothing of group 1 to compare against there.
      expect(latest.body.is_compatible).toBe(true);
    });
  });

  describe('rules checked at registration', () => {
    const bad = async (rule: Record<string, unknown>, list = 'domainRules') => r.register('rs-bad', v1, { ruleSet: { [list]: [rule] } });

    it.each([
      ['an unknown kind', { ...positive, kind: 'ASSERT' }, 'ruleSet.domainRules[0].kind'],
      ['an unknown mode', { ...positive, mode: 'SOMETIMES' }, 'ruleSet.domainRules[0].mode'],
      ['an unknown type', { ...positive, type: 'PYTHON' }, 'ruleSet.domainRules[0].type'],
      ['a missing type', { ...positive, type: undefined }, 'ruleSet.domainRules[0].type'],
      ['a CEL expression that does not parse', { ...positive, expr: 'message.f1 != ' }, 'ruleSet.domainRules[0].expr'],
      ['a CEL guard that does not parse', { ...positive, expr: 'message.( ; true' }, 'ruleSet.domainRules[0].expr'],
      [
        'a CEL_FIELD expression that does not parse',
        { ...positive, type: 'CEL_FIELD', kind: 'TRANSFORM', expr: 'name == "x" ; value +' },
        'ruleSet.domainRules[0].expr',
      ],
      [
        'a JSONata expression that does not parse',
        { ...positive, type: 'JSONATA', kind: 'TRANSFORM', expr: '$merge([$, {"a": 1}' },
        'ruleSet.domainRules[0].expr',
      ],
      ['a CEL rule without an expression', { ...positive, expr: undefined }, 'ruleSet.domainRules[0].expr'],
      ['two actions on a WRITE rule', { ...positive, onFailure: 'ERROR,NONE' }, 'ruleSet.domainRules[0].onFailure'],
      ['a name with a space', { ...positive, name: 'not valid' }, 'ruleSet.domainRules[0].name'],
      ['an ENCRYPT CONDITION', { ...encrypt, kind: 'CONDITION' }, 'ruleSet.domainRules[0].kind'],
    ])('%s is a 422 (42210) naming the rule and the field', async (_what, rule, field) => {
      const res = await bad(rule);
      expect(res.status).toBe(422);
      expect(res.body.error_code).toBe(42210);
      expect(res.body.message).toContain(field);
      if ((rule as any).name === positive.name || (rule as any).name === encrypt.name)
        expect(res.body.message).toContain(`'${(rule as any).name}'`);
    });

    it('a migration rule with a domain mode, and duplicate names, are refused like Confluent refuses them', async () => {
      const wrongList = await bad({ ...positive, mode: 'WRITE' }, 'migrationRules');
      expect(wrongList.status).toBe(422);
      expect(wrongList.body.message).toContain('ruleSet.migrationRules[0].mode');
      const dup = await r.register('rs-bad', v1, { ruleSet: { domainRules: [positive, positive] } });
      expect(dup.status).toBe(422);
      expect(dup.body.message).toContain('ruleSet.domainRules[1].name');
    });

    it('nothing is stored after a refused rule set', async () => {
      expect((await r.get('/subjects/rs-bad/versions')).status).toBe(404);
    });

    it('config defaults and overrides are checked the same way', async () => {
      const res = await r.put('/config/rs-bad', { overrideRuleSet: { domainRules: [{ ...positive, expr: '(((' }] } });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('overrideRuleSet.domainRules[0].expr');
      expect((await r.get('/config/rs-bad')).status).toBe(404);
    });

    it('a field rule naming a tag no field carries registers, with a warning finding', async () => {
      const ruleSet = { domainRules: [{ ...encrypt, tags: ['PII', 'pii_typo'] }] };
      const check = await r.post('/compatibility/subjects/rs-warn/versions?verbose=true', { schema: JSON.stringify(tagged), ruleSet });
      expect(check.body.findings).toEqual([
        expect.objectContaining({
          rule: 'rule-tag-missing',
          severity: 'WARN',
          path: 'ruleSet.domainRules[0].tags',
          message: expect.stringContaining("'pii_typo'"),
        }),
      ]);
      expect((await r.register('rs-warn', tagged, { ruleSet })).status).toBe(200);
      // Tags given in metadata.tags count as the schema's.
      const viaMetadata = await r.post('/compatibility/subjects/rs-warn/versions?verbose=true', {
        schema: JSON.stringify(tagged),
        ruleSet,
        metadata: { tags: { 'Person.id': ['pii_typo'] } },
      });
      expect(viaMetadata.body.findings ?? []).toEqual([]);
    });
  });

  describe('in a named context (docs/reference/contexts.md)', () => {
    const q = encodeURIComponent;
    const ruleSet = { domainRules: [positive] };

    it("a context's subject keeps its rules: stored in the context's id space, read and looked up there", async () => {
      const reg = await r.register(':.rsctx:rs-in-ctx', v1, { metadata, ruleSet });
      expect(reg.status).toBe(200);
      const id = reg.body.id;
      for (const path of [`/subjects/${q(':.rsctx:rs-in-ctx')}/versions/1`, `/schemas/ids/${id}?subject=${q(':.rsctx:')}`]) {
        const res = await r.get(path);
        expect({ path, ruleSet: res.body.ruleSet, metadata: res.body.metadata }).toEqual({ path, ruleSet, metadata });
      }
      expect((await r.lookup(':.rsctx:rs-in-ctx', v1, { metadata, ruleSet })).body).toMatchObject({ id, version: 1, ruleSet });
      expect((await r.lookup(':.rsctx:rs-in-ctx', v1)).body).toMatchObject({ id, version: 1 });
      expect((await r.lookup(':.rsctx:rs-in-ctx', v1, { metadata, ruleSet: { domainRules: [] } })).status).toBe(404);
      // The same content registered again in the context answers the same version.
      expect((await r.register(':.rsctx:rs-in-ctx', v1, { metadata, ruleSet })).body).toMatchObject({ id, version: 1 });
    });

    it("the context's config defaults apply to its subjects, beneath the subject's own", async () => {
      expect(
        (await r.put(`/config/${q(':.rsctx:')}`, { defaultRuleSet: { domainRules: [{ ...positive, name: 'fromContext' }] } })).status,
      ).toBe(200);
      const reg = await r.register(':.rsctx:rs-ctx-merge', v1);
      expect(reg.status).toBe(200);
      const stored = (await r.get(`/subjects/${q(':.rsctx:rs-ctx-merge')}/versions/1`)).body;
      expect(stored.ruleSet.domainRules.map((x: any) => x.name)).toEqual(['fromContext']);
      // A default-context subject of the same name is outside the context's config.
      await r.register('rs-ctx-merge', v1);
      expect((await r.get('/subjects/rs-ctx-merge/versions/1')).body.ruleSet).toBeUndefined();
    });

    it('an import into the context keeps the id and the rules it is sent with', async () => {
      expect((await r.put(`/mode/${q(':.rsimp:')}`, { mode: 'IMPORT' })).status).toBe(200);
      const imported = await r.register(':.rsimp:rs-imported', v1, { id: 4242, version: 1, ruleSet });
      expect(imported.body).toMatchObject({ id: 4242, version: 1 });
      expect((await r.get(`/schemas/ids/4242?subject=${q(':.rsimp:')}`)).body.ruleSet).toEqual(ruleSet);
      expect((await r.lookup(':.rsimp:rs-imported', v1, { ruleSet })).body).toMatchObject({ id: 4242, version: 1 });
    });
  });
});
