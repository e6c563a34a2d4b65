import { ADMIN_TOKEN, TestApp } from './test-app';

export const TOPIC_FIELDS = `id name displayName description intent classification jurisdiction residency accessPolicy maxGrantDays
  lifecycle sunsetAt tags contacts { kind value } retentionMs partitions version owner { slug } replacement { name }`;

const REGISTER = `mutation($input: RegisterTopicInput!) { registerTopic(input: $input) { ${TOPIC_FIELDS} } }`;

export interface TopicSpec {
  name: string;
  ownerTeam: string;
  intent?: string;
  classification?: string;
  jurisdiction?: string;
  [field: string]: unknown;
}

/** Registers a topic (as the admin unless a token is given) and returns it; throws on errors. */
export async function registerTopic(app: TestApp, spec: TopicSpec, token = ADMIN_TOKEN): Promise<any> {
  const input = { intent: 'EVENT', classification: 'INTERNAL', jurisdiction: 'EU', ...spec };
  const res = await app.graphql(REGISTER, { input }, token);
  if (res.errors) throw new Error(`registerTopic ${spec.name}: ${JSON.stringify(res.errors)}`);
  return res.data.registerTopic;
}
