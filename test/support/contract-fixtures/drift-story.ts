import { Classification } from '../../../src/catalogue/topics/domain/topic-vocabulary';
import { EntityDescription } from '../../../src/contracts/domain/evaluate-contract';
import { FieldShape, Shape } from './schema-shapes';

/**
 * A `customer-status-changed` notification (an EVENT topic) that drifts, version by version,
 * into a copy of the CRM's Customer record. Shared by the pure unit story and the end-to-end
 * one through the registry.
 */
export const CUSTOMER: EntityDescription & { attributes: string[] } = {
  id: 'customer',
  name: 'Customer',
  sourceSystem: 'crm',
  attributes: [
    'firstName',
    'lastName',
    'email',
    'phone',
    'birthDate',
    'street',
    'postcode',
    'city',
    'country',
    'segment',
    'loyaltyTier',
    'preferredLanguage',
  ],
};

export interface StoryStep {
  shape: Shape;
  /** The topic's classification when this version is registered. */
  classification: Classification;
  /** What happened, for the reader of the story. */
  note: string;
}

const pii: FieldShape = { type: 'string', tags: ['PII'] };

const v1: Shape = { eventId: 'string', customerId: 'string', status: 'string' };
const v2: Shape = { ...v1, occurredAt: 'long', previousStatus: 'string' };
const v3: Shape = { ...v2, reason: 'string', segment: 'string', email: 'string' };
const v4: Shape = { ...v3, email: pii, phone: pii };
const v5: Shape = { ...v4, firstName: pii, lastName: pii, loyaltyTier: 'string' };
const v6: Shape = { ...v5, preferredLanguage: 'string', birthDate: pii };
const v7: Shape = { ...v6, address: { tags: ['PII'], fields: { street: 'string', postcode: 'string' } } };
const v8: Shape = {
  ...v7,
  address: {
    tags: ['PII'],
    fields: { street: 'string', postcode: 'string', city: 'string', country: 'string', geo: { fields: { lat: 'double', lng: 'double' } } },
  },
};
const v9: Shape = { ...v8, authToken: { type: 'string', tags: ['CREDENTIAL'] } };
const v10: Shape = {
  ...v9,
  preferences: { fields: { marketing: { fields: { optIn: 'boolean', channels: { fields: { sms: 'boolean' } } } } } },
};
const v11: Shape = { ...v10, lastOrderId: 'string', lastOrderTotal: 'double', lifetimeValue: 'double' };
const v12: Shape = { ...v11, passwordHash: 'string' };

export const DRIFT_STORY: StoryStep[] = [
  { shape: v1, classification: 'INTERNAL', note: 'a lean notification, but without an occurrence time' },
  { shape: v2, classification: 'INTERNAL', note: 'adds the time and the previous status' },
  { shape: v3, classification: 'INTERNAL', note: 'adds the reason, the segment and, untagged, the email' },
  { shape: v4, classification: 'INTERNAL', note: 'tags the email PII and adds a phone on an INTERNAL topic' },
  {
    shape: v5,
    classification: 'CONFIDENTIAL',
    note: 'classification raised to CONFIDENTIAL; names and loyalty tier join: half the Customer',
  },
  { shape: v6, classification: 'CONFIDENTIAL', note: 'language and birth date: more than half the Customer' },
  { shape: v7, classification: 'CONFIDENTIAL', note: 'an address record: more fields than the topic may ever gain' },
  { shape: v8, classification: 'CONFIDENTIAL', note: 'four more address fields in one version' },
  { shape: v9, classification: 'CONFIDENTIAL', note: 'an auth token, for convenience' },
  { shape: v10, classification: 'CONFIDENTIAL', note: 'marketing preferences, four levels deep' },
  { shape: v11, classification: 'CONFIDENTIAL', note: 'order statistics: over the field budget' },
  { shape: v12, classification: 'CONFIDENTIAL', note: 'a password hash nobody tagged' },
];

/** The findings (`rule@path`, WARN marked) each version gets against all versions before it. */
const UNENCRYPTED = 'personal-data-unencrypted@ (WARN)';

export const DRIFT_FINDINGS: string[][] = [
  ['required-field-missing@'],
  [],
  ['untagged-personal-field@email (WARN)'],
  ['tag-not-allowed@email', 'tag-not-allowed@phone'],
  // From here on the topic is CONFIDENTIAL and its PII fields travel in clear: no ENCRYPT rule covers PII.
  [UNENCRYPTED],
  ['entity-replica@', UNENCRYPTED],
  ['growth-total@', 'entity-replica@', UNENCRYPTED],
  ['growth-per-version@', 'growth-total@', 'entity-replica@', UNENCRYPTED],
  ['growth-total@', 'credential-field@authToken', 'entity-replica@', UNENCRYPTED],
  ['growth-total@', 'max-depth@preferences.marketing.channels.sms', 'credential-field@authToken', 'entity-replica@', UNENCRYPTED],
  // Already too deep before and not deeper now: a warning, so that flattening later is not blocked.
  [
    'field-budget@',
    'growth-total@',
    'max-depth@preferences.marketing.channels.sms (WARN)',
    'credential-field@authToken',
    'entity-replica@',
    UNENCRYPTED,
  ],
  [
    'field-budget@',
    'growth-total@',
    'max-depth@preferences.marketing.channels.sms (WARN)',
    'credential-field@authToken',
    'entity-replica@',
    'untagged-personal-field@passwordHash (WARN)',
    UNENCRYPTED,
  ],
];
