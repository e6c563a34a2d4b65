import { DomainError } from '../../../kernel/domain-error';
import { checkBootstrapServers, checkZones } from './cluster-rules';

describe('cluster rules', () => {
  it('accepts host:port lists and normalises the spaces', () => {
    expect(checkBootstrapServers('kafka-1.eu.example:9092, kafka-2.eu.example:9093')).toBe(
      'kafka-1.eu.example:9092,kafka-2.eu.example:9093',
    );
    expect(checkBootstrapServers('10.0.0.1:9092,[::1]:9092')).toBe('10.0.0.1:9092,[::1]:9092');
  });

  it.each(['', 'kafka:0', 'kafka', 'SASL_SSL://kafka:9092', 'user:secret@kafka:9092', 'kafka:9092,', 'ka fka:9092'])(
    'refuses %p naming the field',
    (text) => {
      try {
        checkBootstrapServers(text);
        throw new Error('accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).details.field).toBe('bootstrapServers');
      }
    },
  );

  it('checks availability zones', () => {
    expect(checkZones(['eu-west-1a', 'eu-west-1b', 'eu-west-1a'])).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(() => checkZones(['bad zone'])).toThrow(/availabilityZones/);
  });
});
