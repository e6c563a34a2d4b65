import { AccessWorld, Person } from './access';
import { GraphqlResponse, TestApp } from './test-app';

export const MIRROR_FIELDS = `id state active purpose purposeCategory crossBorder sourceJurisdiction targetJurisdiction
  legalBasis { mechanism reference } durationDays approvalReasons requestedBy reason stateChangedBy grantStart grantEnd
  flaggedAt flagReasons version slots { kind decision decidedBy } topic { name } requestingTeam { slug }
  sourceCluster { name } targetCluster { name }`;

export const MIRROR_DECISIONS = {
  approve: ['approveMirrorRequest', 'MirrorDecisionInput'],
  withdraw: ['withdrawMirrorRequest', 'MirrorDecisionInput'],
  reject: ['rejectMirrorRequest', 'MirrorReasonInput'],
  revoke: ['revokeMirror', 'MirrorReasonInput'],
  suspend: ['suspendMirror', 'MirrorReasonInput'],
  reinstate: ['reinstateMirror', 'MirrorReasonInput'],
} as const;
export type MirrorCommand = keyof typeof MIRROR_DECISIONS;

const REGISTER_CLUSTER = `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id name region jurisdiction availabilityZones bootstrapServers isDefault } }`;

/** The clusters of the mirror suites: two in the EU, one in the US. */
export const CLUSTERS = [
  {
    name: 'eu-main',
    region: 'eu-west-1',
    jurisdiction: 'EU',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    bootstrapServers: 'kafka-1.eu.example:9092,kafka-2.eu.example:9092',
  },
  {
    name: 'eu-dr',
    region: 'eu-central-1',
    jurisdiction: 'EU',
    availabilityZones: ['eu-central-1a'],
    bootstrapServers: 'kafka-1.eu-dr.example:9092',
  },
  { name: 'us-main', region: 'us-east-1', jurisdiction: 'US', availabilityZones: [], bootstrapServers: 'kafka-1.us.example:9092' },
];

/** The access suites' people and tokens, with clusters and a way to ask for and decide mirrors. */
export class MirrorWorld {
  constructor(readonly w: AccessWorld) {}

  static async create(app: TestApp): Promise<MirrorWorld> {
    const w = await AccessWorld.create(app);
    await Promise.all(
      CLUSTERS.map(async (input) => {
        const res = await app.graphql(REGISTER_CLUSTER, { input });
        if (res.errors) throw new Error(`registerCluster ${input.name}: ${JSON.stringify(res.errors)}`);
      }),
    );
    return new MirrorWorld(w);
  }

  get app() {
    return this.w.app;
  }

  /** A topic owned by `shop` on eu-main (INTERNAL, EU, OWNER_APPROVAL unless told otherwise). */
  topic(name: string, extra: Record<string, unknown> = {}) {
    return this.w.topic(name, { cluster: 'eu-main', ...extra });
  }

  request(person: Person, topic: string, extra: Record<string, unknown> = {}): Promise<GraphqlResponse> {
    const input = {
      topic,
      targetCluster: 'eu-dr',
      requestingTeam: 'fraud',
      purpose: 'Fraud scoring next to the standby data centre',
      purposeCategory: 'FRAUD_PREVENTION',
      durationDays: 30,
      ...extra,
    };
    return this.w.as(person)(`mutation($input: RequestMirrorInput!) { requestMirror(input: $input) { ${MIRROR_FIELDS} } }`, { input });
  }

  async requested(person: Person, topic: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.request(person, topic, extra);
    if (res.errors) throw new Error(`requestMirror: ${JSON.stringify(res.errors)}`);
    return res.data.requestMirror;
  }

  decide(person: Person, kind: MirrorCommand, input: Record<string, unknown>): Promise<GraphqlResponse> {
    const [field, type] = MIRROR_DECISIONS[kind];
    return this.w.as(person)(`mutation($input: ${type}!) { result: ${field}(input: $input) { ${MIRROR_FIELDS} } }`, { input });
  }

  /** A decision that must succeed; returns the MirrorRequest. */
  async decided(person: Person, kind: MirrorCommand, input: Record<string, unknown>): Promise<any> {
    const res = await this.decide(person, kind, input);
    if (res.errors) throw new Error(`${kind}: ${JSON.stringify(res.errors)}`);
    return res.data.result;
  }

  async audit(id: string): Promise<Array<{ action: string; actor: string; details: any }>> {
    const res = await this.app.graphql(
      `query($id: String!) { auditLog(filter: { targetType: "mirror-request", targetId: $id }, first: 100) { edges { node { action actor details } } } }`,
      { id },
    );
    return res.data.auditLog.edges.map((e: any) => e.node).reverse();
  }

  /** Moves a mirror's end into the past, as if its days had run out. */
  endMirror(id: string) {
    return this.app.superuser(
      `UPDATE mirror_request SET grant_start = now() - interval '40 days', grant_end = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
  }

  mm2(source: string, target: string | undefined, token: string | null = this.w.tokens.rita) {
    const query = target === undefined ? '' : `?target=${encodeURIComponent(target)}`;
    return this.app.fetch(`/clusters/${source}/mirrormaker2.properties${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }
}

/** The first error's code, field and rule, for compact expectations. */
export const refusal = (res: GraphqlResponse) => ({
  code: res.errors?.[0]?.extensions?.code,
  field: res.errors?.[0]?.extensions?.field,
  rule: res.errors?.[0]?.extensions?.rule,
});
