import { createTeams, tokensFor } from './principals';
import { ADMIN_TOKEN, GraphqlResponse, TestApp } from './test-app';
import { registerTopic } from './topics';

export const REQUEST_FIELDS = `id state active operation applicationName kafkaPrincipal purpose purposeCategory crossBorder consumerJurisdiction
  legalBasis { mechanism reference } durationDays approvalReasons requestedBy reason stateChangedBy grantStart grantEnd renewalOf
  flaggedAt flagReasons version slots { kind decision decidedBy } topic { name } requestingTeam { slug }`;

const REQUEST = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { ${REQUEST_FIELDS} } }`;

export const DECISIONS = {
  approve: 'approveAccessRequest(input: $input)',
  withdraw: 'withdrawAccessRequest(input: $input)',
  reject: 'rejectAccessRequest(input: $input)',
  revoke: 'revokeGrant(input: $input)',
  suspend: 'suspendGrant(input: $input)',
  reinstate: 'reinstateGrant(input: $input)',
} as const;
type DecisionKind = keyof typeof DECISIONS;
const INPUT_TYPE: Record<DecisionKind, string> = {
  approve: 'AccessDecisionInput',
  withdraw: 'AccessDecisionInput',
  reject: 'AccessReasonInput',
  revoke: 'AccessReasonInput',
  suspend: 'AccessReasonInput',
  reinstate: 'AccessReasonInput',
};

/** The people of the access suites: two teams that own or consume, stewards, an outsider. */
export const PEOPLE = {
  olga: { username: 'olga', teams: ['shop'] },
  otto: { username: 'otto', teams: ['shop'] },
  rita: { username: 'rita', teams: ['fraud'] },
  tom: { username: 'tom', teams: ['fraud'] },
  stella: { username: 'stella', roles: ['steward' as const] },
  sam: { username: 'sam', roles: ['steward' as const] },
  petra: { username: 'petra', teams: ['shop'], roles: ['steward' as const] },
  oscar: { username: 'oscar', teams: ['elsewhere'] },
};
export type Person = keyof typeof PEOPLE | 'admin';

export class AccessWorld {
  private constructor(
    readonly app: TestApp,
    readonly tokens: Record<Person, string>,
  ) {}

  static async create(app: TestApp): Promise<AccessWorld> {
    await createTeams(app, 'shop', 'fraud', 'elsewhere');
    const tokens = { admin: ADMIN_TOKEN, ...(await tokensFor(app, PEOPLE)) };
    return new AccessWorld(app, tokens);
  }

  /** The same people and tokens, on an app restarted over the same database. */
  on(app: TestApp): AccessWorld {
    return new AccessWorld(app, this.tokens);
  }

  topic(name: string, extra: Record<string, unknown> = {}) {
    return registerTopic(this.app, {
      name,
      ownerTeam: 'shop',
      classification: 'INTERNAL',
      jurisdiction: 'EU',
      accessPolicy: 'OWNER_APPROVAL',
      ...extra,
    });
  }

  as(person: Person) {
    const token = this.tokens[person];
    return <T = any>(query: string, variables: Record<string, unknown> = {}) => this.app.graphql<T>(query, variables, token);
  }

  request(person: Person, topic: string, extra: Record<string, unknown> = {}): Promise<GraphqlResponse> {
    const input = {
      topic,
      requestingTeam: 'fraud',
      operation: 'READ',
      applicationName: 'fraud-scoring',
      kafkaPrincipal: 'User:svc-fraud',
      purpose: 'Score orders for fraud',
      purposeCategory: 'FRAUD_PREVENTION',
      consumerJurisdiction: 'EU',
      durationDays: 30,
      ...extra,
    };
    return this.as(person)(REQUEST, { input });
  }

  /** A request that must succeed; returns the AccessRequest. */
  async requested(person: Person, topic: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.request(person, topic, extra);
    if (res.errors) throw new Error(`requestAccess: ${JSON.stringify(res.errors)}`);
    return res.data.requestAccess;
  }

  decide(person: Person, kind: DecisionKind, input: Record<string, unknown>): Promise<GraphqlResponse> {
    return this.as(person)(`mutation($input: ${INPUT_TYPE[kind]}!) { result: ${DECISIONS[kind]} { ${REQUEST_FIELDS} } }`, { input });
  }

  async read(person: Person, id: string): Promise<any> {
    const res = await this.as(person)(`query($id: ID!) { accessRequest(id: $id) { ${REQUEST_FIELDS} } }`, { id });
    if (res.errors) throw new Error(`accessRequest: ${JSON.stringify(res.errors)}`);
    return res.data.accessRequest;
  }

  async audit(id: string): Promise<Array<{ action: string; actor: string; details: any }>> {
    const res = await this.app.graphql(
      `query($id: String!) { auditLog(filter: { targetType: "access-request", targetId: $id }, first: 100) { edges { node { action actor details } } } }`,
      { id },
    );
    return res.data.auditLog.edges.map((e: any) => e.node).reverse();
  }
}

/** The first error's code and rule, for compact expectations. */
export const failure = (res: GraphqlResponse) => ({ code: res.errors?.[0]?.extensions?.code, rule: res.errors?.[0]?.extensions?.rule });
