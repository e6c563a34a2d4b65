import { stringify } from 'yaml';
import { subjectsOfTopic } from '../topics/domain/topic-vocabulary';
import {
  componentKey,
  CONTENT_TYPES,
  ExportSchema,
  keySchemaObject,
  multiFormatSchema,
  referenceKey,
  versionRef,
} from './asyncapi-schemas';

/** A catalogued topic as the export needs it: the catalogue's fields with the owner as a slug. */
export interface ExportTopic {
  name: string;
  displayName: string;
  description: string;
  owner: string;
  intent: string;
  classification: string;
  jurisdiction: string;
  residency: string[];
  accessPolicy: string;
  maxGrantDays: number | null;
  lifecycle: string;
  sunsetAt: Date | null;
  /** Name of the replacement topic, when deprecated with one. */
  replacement: string | null;
  tags: string[];
  contacts: Array<{ kind: string; value: string }>;
  retentionMs: string | null;
  partitions: number | null;
  updatedAt: Date;
}

export interface CatalogueSnapshot {
  topics: ExportTopic[];
  /** Latest live version per subject (`<topic>-value`, `<topic>-key`); absent subjects have none. */
  latest: ReadonlyMap<string, ExportSchema>;
  /** Versions referenced by those schemas (transitively), by `subject@version`. */
  referenced: ReadonlyMap<string, ExportSchema>;
  /** Set when the document covers one team's topics only. */
  team?: { slug: string; name: string };
}

export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.0.0' };

export const ASYNCAPI_VERSION = '3.0.0';
export const DOCUMENT_TITLE = 'Charter event catalogue';
const KAFKA_BINDING_VERSION = '0.5.0';
const TOPIC_NAME_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

/**
 * The catalogue as an AsyncAPI 3.0 document: a channel per topic (address = Kafka topic name), a
 * `receive` operation per channel for its consumers, the latest value schema as the message
 * payload in its own format, and the catalogue's governance data as `x-charter-*` extensions.
 */
export function renderAsyncApi(snapshot: CatalogueSnapshot): AsyncApiDocument {
  const topics = [...snapshot.topics].sort((a, b) => a.name.localeCompare(b.name));
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of topics) {
    const channelId = componentKey(topic.name);
    const { value, key } = subjectsOfTopic(topic.name);
    const valueSchema = snapshot.latest.get(value);
    const keySchema = snapshot.latest.get(key);
    const messageId = componentKey(value);
    const hasMessage = valueSchema !== undefined || keySchema !== undefined;
    if (hasMessage) messages[messageId] = message(topic, messageId, valueSchema, keySchema);
    channels[channelId] = channel(topic, hasMessage ? messageId : undefined, valueSchema, keySchema);
    operations[`receive.${channelId}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      title: `Consume ${topic.displayName}`,
      summary: `Read ${topic.name}; access policy ${topic.accessPolicy}.`,
      ...(hasMessage ? { messages: [{ $ref: `#/channels/${channelId}/messages/${messageId}` }] } : {}),
      'x-charter-access-policy': topic.accessPolicy,
      ...(topic.maxGrantDays !== null ? { 'x-charter-max-grant-days': topic.maxGrantDays } : {}),
    };
  }
  const schemas: Record<string, unknown> = {};
  for (const ref of [...snapshot.referenced.values()].sort((a, b) =>
    versionRef(a.subject, a.version).localeCompare(versionRef(b.subject, b.version)),
  )) {
    const id = referenceKey(ref.subject, ref.version);
    schemas[id] = { ...multiFormatSchema(ref, `#/components/schemas/${id}/schema`), ...schemaExtensions(ref) };
  }
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: snapshot.team ? `urn:charter:catalogue:team:${snapshot.team.slug}` : 'urn:charter:catalogue',
    info: {
      title: DOCUMENT_TITLE,
      version: catalogueVersion(topics, snapshot.latest),
      description: snapshot.team
        ? `The topics owned by team ${snapshot.team.name} (\`${snapshot.team.slug}\`) in the Charter event catalogue, with their latest registered schemas.`
        : 'Every topic in the Charter event catalogue, with its latest registered schemas.',
      ...(snapshot.team ? { 'x-charter-team': snapshot.team.slug } : {}),
      'x-charter-topic-count': topics.length,
    },
    channels,
    operations,
    components: { ...(Object.keys(schemas).length ? { schemas } : {}), messages },
  };
}

/**
 * YAML without anchors or folded lines. Written for YAML 1.1 readers too: strings such as
 * timestamps, `yes` or `on` are quoted, so no reader turns them into dates or booleans.
 */
export function toYaml(doc: AsyncApiDocument): string {
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0, version: '1.1' });
}

export function toJson(doc: AsyncApiDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The newest change the document shows: a topic edit or a schema registration. */
function catalogueVersion(topics: ExportTopic[], latest: ReadonlyMap<string, ExportSchema>): string {
  let newest = 0;
  for (const t of topics) newest = Math.max(newest, t.updatedAt.getTime());
  for (const t of topics) {
    for (const subject of Object.values(subjectsOfTopic(t.name))) newest = Math.max(newest, latest.get(subject)?.ts ?? 0);
  }
  return newest === 0 ? '0' : new Date(newest).toISOString();
}

function channel(topic: ExportTopic, messageId: string | undefined, valueSchema?: ExportSchema, keySchema?: ExportSchema) {
  const subjects = subjectsOfTopic(topic.name);
  const retention = topic.retentionMs === null ? undefined : Number(topic.retentionMs);
  return {
    address: topic.name,
    title: topic.displayName,
    ...(topic.description ? { description: topic.description } : {}),
    ...(messageId ? { messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } } } : {}),
    ...(topic.tags.length ? { tags: topic.tags.map((name) => ({ name })) } : {}),
    bindings: {
      kafka: {
        topic: topic.name,
        ...(topic.partitions !== null ? { partitions: topic.partitions } : {}),
        topicConfiguration: {
          ...(retention !== undefined && Number.isSafeInteger(retention) ? { 'retention.ms': retention } : {}),
          'confluent.value.subject.name.strategy': TOPIC_NAME_STRATEGY,
          'confluent.key.subject.name.strategy': TOPIC_NAME_STRATEGY,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    'x-charter-owner': topic.owner,
    'x-charter-intent': topic.intent,
    'x-charter-classification': topic.classification,
    'x-charter-jurisdiction': topic.jurisdiction,
    'x-charter-residency': topic.residency,
    'x-charter-access-policy': topic.accessPolicy,
    ...(topic.maxGrantDays !== null ? { 'x-charter-max-grant-days': topic.maxGrantDays } : {}),
    'x-charter-lifecycle': topic.lifecycle,
    ...(topic.sunsetAt ? { 'x-charter-sunset-at': topic.sunsetAt.toISOString() } : {}),
    ...(topic.replacement ? { 'x-charter-replacement': topic.replacement } : {}),
    'x-charter-tags': topic.tags,
    'x-charter-contacts': topic.contacts.map(({ kind, value }) => ({ kind, value })),
    'x-charter-subjects': {
      value: { subject: subjects.value, ...(valueSchema ? { version: valueSchema.version, id: valueSchema.id } : { registered: false }) },
      key: { subject: subjects.key, ...(keySchema ? { version: keySchema.version, id: keySchema.id } : { registered: false }) },
    },
  };
}

function message(topic: ExportTopic, messageId: string, valueSchema?: ExportSchema, keySchema?: ExportSchema) {
  const pointer = `#/components/messages/${messageId}`;
  return {
    name: messageId,
    title: topic.displayName,
    summary: valueSchema
      ? `Value of ${topic.name}: ${valueSchema.schemaType} schema version ${valueSchema.version} (id ${valueSchema.id}) of subject ${valueSchema.subject}.`
      : `Value of ${topic.name}: no value schema is registered under ${subjectsOfTopic(topic.name).value}.`,
    ...(valueSchema
      ? { contentType: CONTENT_TYPES[valueSchema.schemaType], payload: multiFormatSchema(valueSchema, `${pointer}/payload/schema`) }
      : {}),
    ...(topic.tags.length ? { tags: topic.tags.map((name) => ({ name })) } : {}),
    bindings: {
      kafka: {
        ...(keySchema ? { key: keySchemaObject(keySchema, `${pointer}/bindings/kafka/key`) } : {}),
        // Confluent framing: magic byte and 4-byte schema id ahead of the encoded value.
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        schemaLookupStrategy: 'TopicNameStrategy',
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    'x-charter-classification': topic.classification,
    ...(valueSchema ? schemaExtensions(valueSchema) : {}),
  };
}

function schemaExtensions(schema: ExportSchema) {
  return {
    'x-charter-subject': schema.subject,
    'x-charter-schema-version': schema.version,
    'x-charter-schema-id': schema.id,
    'x-charter-schema-type': schema.schemaType,
    ...(schema.references.length
      ? {
          // Component paths, not `$ref`s: AsyncAPI tools resolve every `$ref`, extensions included.
          'x-charter-references': schema.references.map((r) => ({
            name: r.name,
            subject: r.subject,
            version: r.version,
            component: `#/components/schemas/${referenceKey(r.subject, r.version)}`,
          })),
        }
      : {}),
  };
}
