import { DomainError } from '../../kernel/domain-error';
import { destinationContext, destinationSubject } from './destination-subject';
import { parseExporterDefinition } from './exporter-definition';
import { listedByName, matchesAny } from './subject-patterns';

const url = 'https://registry.us.example.com';
const errorOf = (body: unknown) => {
  try {
    parseExporterDefinition(body);
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('accepted');
};

describe('exporter definitions', () => {
  it('accepts a plain Confluent body, with Confluent defaults, and keeps credentials apart', () => {
    const def = parseExporterDefinition({
      name: 'to-us',
      config: { 'schema.registry.url': `${url}/`, 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'u:p' },
    });
    expect(def).toMatchObject({
      name: 'to-us',
      contextType: 'AUTO',
      context: null,
      subjects: ['*'],
      subjectRenameFormat: '${subject}',
      url,
    });
    expect(def.credentials).toEqual({ 'basic.auth.user.info': 'u:p' });
    expect(def.config).toEqual({ 'schema.registry.url': `${url}/`, 'basic.auth.credentials.source': 'USER_INFO' });
    expect(def.legalBasis).toBeNull();
  });

  it('refuses what cannot work, naming the field', () => {
    expect(errorOf({ name: 'a', subjectRenameFormat: 'x', config: { 'schema.registry.url': url } }).details.field).toBe(
      'subjectRenameFormat',
    );
    expect(errorOf({ name: 'a', subjectRenameFormat: ':.x:${subject}', config: { 'schema.registry.url': url } }).details.field).toBe(
      'subjectRenameFormat',
    );
    expect(errorOf({ name: 'a', subjects: [], config: { 'schema.registry.url': url } }).code).toBe('INVALID_EXPORTER_SUBJECTS');
    expect(errorOf({ name: 'a', subjects: [''], config: { 'schema.registry.url': url } }).code).toBe('INVALID_EXPORTER_SUBJECTS');
    expect(errorOf({ name: 'a', contextType: 'CUSTOM', config: { 'schema.registry.url': url } }).details.field).toBe('context');
    expect(errorOf({ name: 'a', config: { 'schema.registry.url': 'ftp://x' } }).details.field).toBe('config.schema.registry.url');
    expect(errorOf({ name: 'a', config: { 'schema.registry.url': 'https://u:p@x.example' } }).details.rule).toBe('no-credentials');
    expect(errorOf({ name: 'a', config: { 'schema.registry.url': url, 'charter.destination.jurisdiction': 'usa' } }).details.rule).toBe(
      'jurisdiction-code',
    );
  });

  it('matches wildcards and tells names from patterns', () => {
    expect(matchesAny('orders-value', ['orders-*'])).toBe(true);
    expect(matchesAny('orders.value', ['orders-*'])).toBe(false);
    expect(matchesAny('a+b', ['a+b'])).toBe(true);
    expect(listedByName('shared', ['sh*'])).toBe(false);
    expect(listedByName('shared', ['shared'])).toBe(true);
  });

  it('places subjects in the destination context the context type says', () => {
    expect(destinationContext({ contextType: 'AUTO', context: null }, 'eu')).toBe('.eu');
    expect(destinationContext({ contextType: 'CUSTOM', context: '.mirror' }, 'eu')).toBe('.mirror');
    expect(destinationContext({ contextType: 'NONE', context: null }, 'eu')).toBeNull();
    expect(destinationSubject('orders-value', 'eu.${subject}', '.eu')).toBe(':.eu:eu.orders-value');
    expect(destinationSubject('orders-value', '${subject}', null)).toBe('orders-value');
  });
});
