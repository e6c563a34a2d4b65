import fc from 'fast-check';
import { RouteTable } from '../src/http/route-table';
import { createTeams, tokenFor } from './support/principals';
import { deepJson, FUZZ_SEED, hostileInt, hostileJson, hostileString } from './support/hostile-values';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

/**
 * Every route of the route table (read from the controllers' own declarations) receives hostile
 * path parameters, query parameters and bodies, under each media type a registry client sends,
 * as an admin, as an ordinary member and anonymously. No answer may be a 5xx.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 8);
const MEDIA_TYPES = [
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
  'text/plain',
  undefined,
];
const QUERY_NAMES = [
  'deleted',
  'deletedOnly',
  'deletedAsNegative',
  'permanent',
  'normalize',
  'force',
  'verbose',
  'format',
  'subject',
  'subjectPrefix',
  'offset',
  'limit',
  'fetchMaxId',
  'latestOnly',
  'defaultToGlobal',
  'key',
  'value',
  'team',
  'topic',
];
const PLAUSIBLE = ['fuzz.orders-value', 'fuzz-a', '1', '2', 'latest', '-1', 'true', 'resolved', 'serialized'];

/** Path segments, raw: some deliberately not valid percent-encoding. */
const pathSegment = fc.oneof(
  { weight: 4, arbitrary: hostileString(PLAUSIBLE).map((s) => encodeURIComponent(s.slice(0, 2000))) },
  { weight: 2, arbitrary: hostileInt().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '%2F', '2147483648', '99999999999999999999') },
);

const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom(...QUERY_NAMES),
      fc.oneof(
        hostileString(PLAUSIBLE).map((s) => s.slice(0, 2000)),
        hostileInt().map(String),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));

const registryBody = fc.record(
  {
    schema: fc.oneof(hostileString(['"string"', '{"type":"record","name":"R","fields":[]}']), hostileJson()),
    schemaType: fc.oneof(fc.constantFrom('AVRO', 'PROTOBUF', 'JSON', 'avro'), hostileJson()),
    references: fc.oneof(
      fc.array(fc.record({ name: hostileJson(), subject: hostileJson(), version: hostileJson() }), { maxLength: 2 }),
      hostileJson(),
    ),
    metadata: fc.oneof(fc.record({ properties: fc.dictionary(fc.string({ maxLength: 5 }), hostileJson(), { maxKeys: 3 }) }), hostileJson()),
    version: hostileJson(),
    id: hostileJson(),
    compatibility: fc.oneof(fc.constantFrom('NONE', 'BACKWARD', 'full_transitive'), hostileJson()),
    compatibilityLevel: hostileJson(),
    normalize: hostileJson(),
    mode: fc.oneof(fc.constantFrom('READWRITE', 'READONLY', 'IMPORT'), hostileJson()),
    defaultMetadata: hostileJson(),
    overrideMetadata: hostileJson(),
    defaultRuleSet: hostileJson(),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 5, arbitrary: registryBody.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: hostileJson().map((v) => JSON.stringify(v) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      '{"schema":',
      'null',
      '[]',
      '\u0000',
      JSON.stringify(deepJson(1000)),
      `{"schema":"${'x'.repeat(100_000)}"}`,
    ),
  },
);

describe('REST fuzz: hostile paths, queries and bodies never cause a server error', () => {
  let app: TestApp;
  let routes: string[];
  let tokens: Record<'admin' | 'member' | 'anonymous', string | undefined>;

  beforeAll(async () => {
    app = await TestApp.start(process.env.FUZZ_LOG_LEVEL ? { LOG_LEVEL: process.env.FUZZ_LOG_LEVEL } : {});
    await createTeams(app, 'fuzz-a');
    tokens = { admin: ADMIN_TOKEN, member: await tokenFor(app, { username: 'fuzz-member', teams: ['fuzz-a'] }), anonymous: undefined };
    routes = app.app.get(RouteTable).declared();
    const seed = await app.fetch('/subjects/fuzz.orders-value/versions', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}' }),
    });
    expect(seed.status).toBe(200);
  });
  afterAll(() => app?.close());

  it('walks every declared route', async () => {
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const params = path.split('/').filter((s) => s.startsWith(':')).length;
      await fc
        .assert(
          fc.asyncProperty(
            fc.constantFrom<'admin' | 'member' | 'anonymous'>('admin', 'admin', 'member', 'anonymous'),
            fc.array(pathSegment, { minLength: params, maxLength: params }),
            queryString,
            body,
            fc.constantFrom(...MEDIA_TYPES),
            async (who, segments, query, payload, mediaType) => {
              let i = 0;
              const url = path.replace(/:\w+/g, () => segments[i++]) + (query ? `?${query}` : '');
              const hasBody = method === 'POST' || method === 'PUT';
              const token = tokens[who];
              const res = await app.fetch(url, {
                method,
                headers: {
                  ...(token ? { authorization: `Bearer ${token}` } : {}),
                  ...(hasBody && mediaType ? { 'content-type': mediaType } : {}),
                  ...(mediaType ? { accept: mediaType } : {}),
                },
                body: hasBody ? Buffer.from(payload) : undefined,
              });
              const text = await res.text();
              if (res.status >= 500) throw new Error(`${who} ${method} ${url.slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`);
            },
          ),
          { seed: FUZZ_SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch((err: Error) => failures.push(`${route}: ${err.message.split('\n').slice(0, 8).join(' | ').slice(0, 600)}`));
    }
    expect(failures).toEqual([]);
  });
});
