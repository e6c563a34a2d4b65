import { EntityDescription } from '../evaluate-contract';
import { checkShape, summary } from '../../../../test/support/contract-fixtures/contract-check';
import { FORMATS, Shape } from '../../../../test/support/contract-fixtures/schema-shapes';

const envelope: Shape = { eventId: 'string', occurredAt: 'long' };

describe.each(FORMATS)('required-field-missing (%s)', (format) => {
  it('accepts the event id and time under any of their names and spellings', () => {
    expect(checkShape(format, { event_id: 'string', occurred_at: 'long' })).toEqual([]);
    expect(checkShape(format, { id: 'string', timestamp: 'long' })).toEqual([]);
  });

  it('accepts them in a nested (but not repeated) header record', () => {
    expect(checkShape(format, { meta: { reference: true, fields: { EventId: 'string', eventTime: 'long' } } })).toEqual([]);
  });

  it('blocks a missing occurrence time and does not count one inside array elements', () => {
    const findings = checkShape(format, { eventId: 'string', changes: { repeated: true, fields: { occurredAt: 'long' } } });
    expect(summary(findings)).toEqual(['required-field-missing@']);
    expect(findings[0].message).toBe(
      'The schema has no occurrence time field: expected one named `occurredAt`, `timestamp`, `eventTime`, `eventTimestamp` or `occurredOn` (case and separators do not matter).',
    );
    expect(findings[0].hint).toBe(
      'Add a top-level `occurredAt` field holding the occurrence time, so consumers can order it and know when the change happened.',
    );
  });

  it('requires nothing of STATE topics by default, and what a contract lists otherwise', () => {
    expect(checkShape(format, { name: 'string' }, { intent: 'STATE' })).toEqual([]);
    const contract = { requiredFields: [{ label: 'tenant', names: ['tenant*'] }] };
    expect(checkShape(format, { tenantKey: 'string' }, { intent: 'STATE', contract })).toEqual([]);
    expect(summary(checkShape(format, { name: 'string' }, { intent: 'STATE', contract }))).toEqual(['required-field-missing@']);
  });
});

describe.each(FORMATS)('entity-replica (%s)', (format) => {
  const customer: EntityDescription = {
    id: 'e1',
    name: 'Customer',
    attributes: ['email', 'phone', 'first_name', 'LastName'],
    sourceSystem: 'crm',
  };
  const base: Shape = { ...envelope, customerId: 'string', status: 'string' };

  it('accepts an event covering exactly the threshold share of an entity', () => {
    const shape: Shape = {
      ...base,
      person: { reference: true, fields: { email: { type: 'string', tags: ['PII'] }, phone: { type: 'string', tags: ['PII'] } } },
    };
    expect(checkShape(format, shape, { entities: [customer] })).toEqual([]);
  });

  it('blocks one attribute more, matching names at any depth, in repeated records and with the entity name in front', () => {
    const shape: Shape = {
      ...base,
      person: { reference: true, tags: ['PII'], fields: { email: 'string' } },
      contacts: { repeated: true, tags: ['PII'], fields: { PHONE: 'string' } },
      customerFirstName: { type: 'string', tags: ['PII'] },
    };
    const findings = checkShape(format, shape, { entities: [customer] });
    expect(summary(findings)).toEqual(['entity-replica@']);
    expect(findings[0].message).toBe(
      'The schema carries 3 of 4 attributes (75%) of entity Customer (system of record: crm): `person.email`, `contacts[].PHONE`, `customerFirstName`. More than 50% makes this event a replica of the entity.',
    );
    expect(findings[0].hint).toBe(
      'Carry `customerId` and let consumers query crm for the rest; keep only the attributes that describe the change.',
    );
  });

  it('points at the record that holds all matched fields', () => {
    const shape: Shape = { ...base, snapshot: { tags: ['PII'], fields: { email: 'string', phone: 'string', firstName: 'string' } } };
    expect(summary(checkShape(format, shape, { entities: [customer] }))).toEqual(['entity-replica@snapshot']);
  });

  it('does not count the reference or the event envelope as entity data', () => {
    const order: EntityDescription = { id: 'e2', name: 'Order', attributes: ['id', 'occurredAt', 'total'] };
    expect(checkShape(format, { id: 'string', occurredAt: 'long', orderId: 'string' }, { entities: [order] })).toEqual([]);
  });

  it('leaves STATE topics alone: transferring state is what they are for', () => {
    const shape: Shape = {
      ...base,
      email: { type: 'string', tags: ['PII'] },
      phone: { type: 'string', tags: ['PII'] },
      firstName: { type: 'string', tags: ['PII'] },
    };
    expect(checkShape(format, shape, { intent: 'STATE', entities: [customer] })).toEqual([]);
    expect(summary(checkShape(format, shape, { entities: [customer], contract: { entityOverlapThreshold: 0.8 } }))).toEqual([]);
    expect(summary(checkShape(format, shape, { entities: [customer], contract: { entityOverlapThreshold: 0.74 } }))).toEqual([
      'entity-replica@',
    ]);
  });
});
