import { TestApp } from './test-app';

export interface PrincipalSpec {
  username: string;
  teams?: string[];
  roles?: Array<'admin' | 'steward'>;
}

const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { id slug } }`;
const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`;

/** Creates teams as the admin; fails the test loudly when the API refuses. */
export async function createTeams(app: TestApp, ...slugs: string[]): Promise<void> {
  for (const slug of slugs) {
    const res = await app.graphql(CREATE_TEAM, { input: { slug, name: slug } });
    if (res.errors) throw new Error(`createTeam ${slug}: ${JSON.stringify(res.errors)}`);
  }
}

/** A real API token for a principal with the given teams and roles. */
export async function tokenFor(app: TestApp, spec: PrincipalSpec): Promise<string> {
  const res = await app.graphql(CREATE_TOKEN, { input: { username: spec.username, teams: spec.teams ?? [], roles: spec.roles ?? [] } });
  if (res.errors) throw new Error(`createApiToken ${spec.username}: ${JSON.stringify(res.errors)}`);
  return res.data.createApiToken.token;
}

/** Tokens for a set of named principals, created in parallel. */
export async function tokensFor<K extends string>(app: TestApp, specs: Record<K, PrincipalSpec>): Promise<Record<K, string>> {
  const entries = await Promise.all(Object.entries<PrincipalSpec>(specs).map(async ([k, spec]) => [k, await tokenFor(app, spec)] as const));
  return Object.fromEntries(entries) as Record<K, string>;
}
