import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema, parse, validate } from 'graphql';
import { LRUCache } from 'lru-cache';
import { principalOf, AuthenticatedRequest } from '../auth/request-principal';
import { RETRY_AFTER_SECONDS } from '../continuity/database-failure';
import { DomainError } from '../kernel/domain-error';
import { depthLimitRule } from './depth-limit.rule';
import { documentBoundsRule } from './document-bounds.rule';
import { DOCUMENT_LIMITS } from './document-limits';
import { GRAPHQL_ERROR_CODES } from './graphql-error-codes';
import { earlyEstimate, tooComplex } from './query-complexity.plugin';
import { MAX_QUERY_COMPLEXITY } from './query-cost';

const BOUND_RULES = [depthLimitRule(DOCUMENT_LIMITS.maxDepth), documentBoundsRule(DOCUMENT_LIMITS)];

/** What parsing a query and counting its bounds found: a document, the bounds it breaks, or nothing parseable. */
type Parsed = { document: DocumentNode; problems: string[] } | { document?: undefined; problems?: undefined };

/**
 * Parsing and the bound rules depend on the query text alone (and the schema), and clients send the
 * same few queries again and again: the verdicts of recent ones are kept, per schema served.
 */
const parsedQueries = new WeakMap<GraphQLSchema, LRUCache<string, Parsed>>();
const PARSED_QUERIES_KEPT = 1_000;

function parseWithinBounds(schema: GraphQLSchema, query: string): Parsed {
  let cache = parsedQueries.get(schema);
  if (!cache) parsedQueries.set(schema, (cache = new LRUCache({ max: PARSED_QUERIES_KEPT })));
  let parsed = cache.get(query);
  if (!parsed) {
    parsed = parseAndCount(schema, query);
    cache.set(query, parsed);
  }
  return parsed;
}

function parseAndCount(schema: GraphQLSchema, query: string): Parsed {
  let document;
  try {
    document = parse(query, { maxTokens: DOCUMENT_LIMITS.maxTokens, noLocation: true });
  } catch {
    return {}; // Apollo parses again and answers the syntax error in its usual form
  }
  return { document, problems: validate(schema, document, BOUND_RULES).map((e) => e.message) };
}

/**
 * The cheap checks that come before any costly work on a GraphQL request, in order of cost. It
 * runs while Apollo builds the request's context: an error thrown there is answered with its own
 * status, whereas one thrown from the early plugin hooks would become a 500.
 * - no principal, no GraphQL at all (introspection and `{__typename}` included), before parsing;
 * - a document over the byte limit is refused before parsing;
 * - depth, aliases, directives, fragments and repeated fields are counted, each in linear time,
 *   before graphql-js' own validation rules run (its overlap rule is quadratic in repeated fields);
 * - an operation whose estimated cost is already over the limit is refused.
 */
export function gateGraphqlRequest(req: AuthenticatedRequest, schema: GraphQLSchema | undefined): void {
  requireCaller(req);
  const query = queryOf(req);
  if (query === undefined || schema === undefined) return; // Apollo answers a missing query itself
  if (query.length * 3 > DOCUMENT_LIMITS.maxDocumentBytes) {
    const bytes = Buffer.byteLength(query);
    if (bytes > DOCUMENT_LIMITS.maxDocumentBytes) {
      throw refusal(`The query document is ${bytes} bytes; the limit is ${DOCUMENT_LIMITS.maxDocumentBytes}.`, 'QUERY_TOO_LARGE', {
        limit: DOCUMENT_LIMITS.maxDocumentBytes,
        actual: bytes,
      });
    }
  }
  const { document, problems } = parseWithinBounds(schema, query);
  if (!document) return;
  if (problems.length > 0) throw refusal(problems.join(' '), 'GRAPHQL_VALIDATION_FAILED', { problems });
  const body = (req.method === 'GET' ? req.query : req.body) as { operationName?: unknown; variables?: unknown } | undefined;
  const variables = typeof body?.variables === 'string' ? safeJson(body.variables) : body?.variables;
  const cost = earlyEstimate(schema, document, body?.operationName, variables);
  if (cost !== undefined && cost > MAX_QUERY_COMPLEXITY) throw tooComplex(cost, MAX_QUERY_COMPLEXITY);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function queryOf(req: AuthenticatedRequest): string | undefined {
  const source = ((req.method === 'GET' ? req.query : req.body) as { query?: unknown } | undefined)?.query;
  return typeof source === 'string' ? source : undefined;
}

function requireCaller(req: AuthenticatedRequest): void {
  let authenticated = false;
  try {
    authenticated = principalOf(req).authenticated;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // A caller who could not be identified because the store is away is told to retry, not refused.
    const unavailable = err.code === 'SERVICE_UNAVAILABLE' || err.code === 'READ_ONLY_STORE';
    if (unavailable) throw retryLater(err.message, GRAPHQL_ERROR_CODES[err.code], err.details);
    throw refusal(err.message, GRAPHQL_ERROR_CODES[err.code], {}, 401);
  }
  if (!authenticated) {
    throw refusal('Authentication required: send an API token as a Bearer token or as the Basic password.', 'UNAUTHENTICATED', {}, 401);
  }
}

function retryLater(message: string, code: string, details: Record<string, unknown>): GraphQLError {
  const headers = new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]);
  return new GraphQLError(message, { extensions: { code, ...details, http: { status: 503, headers } } });
}

function refusal(message: string, code: string, details: Record<string, unknown>, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, http: { status } } });
}

/** Holds the schema Apollo serves, for the gate, which runs before Apollo hands it to plugins. */
export function schemaHolder(): { schema?: GraphQLSchema; plugin: ApolloServerPlugin } {
  const holder: { schema?: GraphQLSchema; plugin: ApolloServerPlugin } = {
    plugin: {
      async serverWillStart({ schema }) {
        holder.schema = schema;
      },
    },
  };
  return holder;
}
