import { RegistryClient, subjectPath } from '@charter/cli';
import { DemoManifest, DemoSubject, DemoTopic } from './demo-manifest';
import { GraphqlClient } from './graphql-client';

const TEAMS = `{ teams { slug } }`;
const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { slug } }`;
const TOPIC = `query($name: String!) { topic(name: $name) { name owner { slug } } }`;
const REGISTER_TOPIC = `mutation($input: RegisterTopicInput!) { registerTopic(input: $input) { name } }`;

export type Outcome = 'CREATED' | 'EXISTS' | 'FAILED';

export interface Step {
  kind: 'team' | 'topic' | 'schema';
  name: string;
  outcome: Outcome;
  detail?: string;
}

/**
 * Loads a demo catalogue through the public APIs: teams and topics over GraphQL, schemas through
 * the registry's REST API. What exists already is left as it is, so a second run changes nothing.
 */
export async function loadDemo(
  manifest: DemoManifest,
  graphql: GraphqlClient,
  registry: RegistryClient,
  report: (step: Step) => void,
): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (step: Step) => {
    steps.push(step);
    report(step);
  };
  const existing = await graphql.request<{ teams: Array<{ slug: string }> }>(TEAMS);
  if (!existing.data) throw new Error(`listing teams failed: ${existing.errors?.[0]?.message}`);
  const slugs = new Set(existing.data.teams.map((t) => t.slug));
  for (const team of manifest.teams)
    record(slugs.has(team.slug) ? { kind: 'team', name: team.slug, outcome: 'EXISTS' } : await createTeam(graphql, team));
  for (const topic of manifest.topics) record(await registerTopic(graphql, topic));
  for (const subject of manifest.subjects) record(await registerSchema(registry, subject));
  return steps;
}

async function createTeam(graphql: GraphqlClient, team: { slug: string; name: string }): Promise<Step> {
  const res = await graphql.request(CREATE_TEAM, { input: team });
  // Another run may have created it since the listing: that is the state we want.
  if (!res.errors || res.errors[0].extensions?.code === 'CONFLICT')
    return { kind: 'team', name: team.slug, outcome: res.errors ? 'EXISTS' : 'CREATED' };
  return { kind: 'team', name: team.slug, outcome: 'FAILED', detail: messages(res.errors) };
}

async function registerTopic(graphql: GraphqlClient, topic: DemoTopic): Promise<Step> {
  const found = await graphql.request<{ topic: { owner: { slug: string } } }>(TOPIC, { name: topic.name });
  if (found.data?.topic) return { kind: 'topic', name: topic.name, outcome: 'EXISTS', detail: `owned by ${found.data.topic.owner.slug}` };
  if (found.errors?.[0]?.extensions?.code !== 'NOT_FOUND')
    return { kind: 'topic', name: topic.name, outcome: 'FAILED', detail: messages(found.errors) };
  const res = await graphql.request(REGISTER_TOPIC, { input: topic });
  if (!res.errors) return { kind: 'topic', name: topic.name, outcome: 'CREATED', detail: `owned by ${topic.ownerTeam}` };
  if (res.errors[0].extensions?.code === 'CONFLICT') return { kind: 'topic', name: topic.name, outcome: 'EXISTS' };
  return { kind: 'topic', name: topic.name, outcome: 'FAILED', detail: messages(res.errors) };
}

async function registerSchema(registry: RegistryClient, s: DemoSubject): Promise<Step> {
  const name = `${s.subject} ← ${s.file}`;
  const body = {
    schema: s.schema,
    schemaType: s.schemaType,
    ...(s.references.length ? { references: s.references } : {}),
    ...(s.ruleSet ? { ruleSet: s.ruleSet } : {}),
  };
  const path = `/subjects/${subjectPath(s.subject)}`;
  // The lookup only tells "new" from "already there"; registering the same schema again would
  // return the same id and version anyway.
  const before = await registry.post(path, body);
  if (before.status === 200)
    return { kind: 'schema', name, outcome: 'EXISTS', detail: `id ${before.body.id}, version ${before.body.version}` };
  const registered = await registry.post(`${path}/versions`, body);
  if (registered.status !== 200)
    return { kind: 'schema', name, outcome: 'FAILED', detail: registered.body?.message ?? `the registry answered ${registered.status}` };
  const after = await registry.post(path, body);
  return {
    kind: 'schema',
    name,
    outcome: 'CREATED',
    detail: `id ${registered.body.id}${after.status === 200 ? `, version ${after.body.version}` : ''}`,
  };
}

const messages = (errors: Array<{ message: string }> | undefined) => (errors ?? []).map((e) => e.message).join('; ') || 'no answer';

const VERBS: Record<Step['kind'], Record<Outcome, string>> = {
  team: { CREATED: 'created', EXISTS: 'already exists', FAILED: 'not created' },
  topic: { CREATED: 'registered', EXISTS: 'already catalogued', FAILED: 'not registered' },
  schema: { CREATED: 'registered', EXISTS: 'already registered', FAILED: 'not registered' },
};

export function stepLine(step: Step): string {
  const mark = step.outcome === 'FAILED' ? '✖' : step.outcome === 'CREATED' ? '✔' : '·';
  return `${mark} ${step.kind} ${step.name}: ${VERBS[step.kind][step.outcome]}${step.detail ? ` (${step.detail})` : ''}`;
}

export function summaryLine(steps: Step[]): string {
  const count = (kind: Step['kind']) => {
    const of = steps.filter((s) => s.kind === kind);
    const n = (o: Outcome) => of.filter((s) => s.outcome === o).length;
    return `${of.length} ${kind === 'schema' ? 'schemas' : `${kind}s`} (${n('CREATED')} new, ${n('EXISTS')} unchanged${n('FAILED') ? `, ${n('FAILED')} failed` : ''})`;
  };
  return `${count('team')}, ${count('topic')}, ${count('schema')}.`;
}
