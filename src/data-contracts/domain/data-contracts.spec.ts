import { effectiveMetadataAndRules, mergeMetadata, mergeRuleSets, sameCompatibilityGroup } from './contract-merge';
import { encryptedTags, fieldTags } from './field-tags';
import { ruleSetProblem, ruleTagWarnings } from './rule-set-check';
import { Rule } from './rule-set';

const cel = (name: string, expr = 'true'): Rule => ({ name, kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr });
const field = (path: string, tags: string[] = []) => ({
  path,
  name: path,
  type: 'string',
  depth: 1,
  leaf: true,
  repeated: false,
  optional: false,
  tags,
});

describe('merges in Confluent order', () => {
  it('metadata: properties and tags key by key, newer wins; sensitive is a union', () => {
    expect(
      mergeMetadata(
        { properties: { a: '1', b: '1' }, tags: { x: ['T1'] }, sensitive: ['s1'] },
        { properties: { b: '2' }, tags: { y: ['T2'] }, sensitive: ['s2'] },
      ),
    ).toEqual({ properties: { a: '1', b: '2' }, tags: { x: ['T1'], y: ['T2'] }, sensitive: ['s1', 's2'] });
  });

  it('rule sets: a newer rule replaces the older one of the same name, the rest keep their order', () => {
    const merged = mergeRuleSets({ domainRules: [cel('a'), cel('b')] }, { domainRules: [cel('b', 'false'), cel('c')] });
    expect(merged!.domainRules!.map((r) => `${r.name}:${r.expr}`)).toEqual(['a:true', 'b:false', 'c:true']);
  });

  it('default < sent (or previous) < override', () => {
    const result = effectiveMetadataAndRules(
      { defaultMetadata: { properties: { t: 'd', o: 'd' } }, overrideMetadata: { properties: { o: 'o' } } },
      {},
      { metadata: { properties: { t: 'previous' } }, ruleSet: { domainRules: [cel('p')] } },
    );
    expect(result).toEqual({ metadata: { properties: { t: 'previous', o: 'o' } }, ruleSet: { domainRules: [cel('p')] } });
  });

  it('compatibility groups: same property value, absent is a group of its own', () => {
    const versions = [{ properties: { major: '1' } }, { properties: { major: '2' } }, {}];
    expect(sameCompatibilityGroup('major', { properties: { major: '2' } }, versions, (v) => v)).toEqual([versions[1]]);
    expect(sameCompatibilityGroup('major', null, versions, (v) => v)).toEqual([versions[2]]);
    expect(sameCompatibilityGroup(undefined, null, versions, (v) => v)).toEqual(versions);
  });
});

describe('rule checks', () => {
  it('accepts CEL with a guard, and JSONata', () => {
    expect(ruleSetProblem({ domainRules: [cel('a', 'message.x > 0 ; message.y != ""')] })).toBeUndefined();
    expect(
      ruleSetProblem({ migrationRules: [{ name: 'm', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, {"a": 1}])' }] }),
    ).toBeUndefined();
  });

  it('names the rule and the field of the first problem', () => {
    expect(ruleSetProblem({ domainRules: [cel('ok'), cel('bad', 'a +')] })).toMatchObject({
      field: 'ruleSet.domainRules[1].expr',
      ruleName: 'bad',
    });
    expect(ruleSetProblem({ domainRules: [{ ...cel('k'), kind: 'MAYBE' }] }, 'defaultRuleSet')).toMatchObject({
      field: 'defaultRuleSet.domainRules[0].kind',
    });
  });

  it('warns about tags no field carries, compared exactly', () => {
    const tags = new Set(['PII']);
    const rule: Rule = { name: 'enc', type: 'ENCRYPT', tags: ['PII', 'pii'] };
    expect(ruleTagWarnings({ domainRules: [rule] }, tags).map((w) => w.field)).toEqual(['ruleSet.domainRules[0].tags']);
  });

  it('field tags come from the schema and from metadata.tags paths; disabled ENCRYPT rules encrypt nothing', () => {
    const tags = fieldTags([field('email', ['PII']), field('ssn')], { tags: { 'com.acme.Person.ssn': ['SECRET'], '**.email': ['X'] } });
    expect([...tags.get('email')!]).toEqual(['PII', 'X']);
    expect([...tags.get('ssn')!]).toEqual(['SECRET']);
    expect([...encryptedTags({ domainRules: [{ name: 'a', type: 'ENCRYPT', tags: ['PII'], disabled: true }] })]).toEqual([]);
  });
});
