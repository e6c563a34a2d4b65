import { TestApp } from './test-app';

export const FINDING_FIELDS = 'rule severity path message hint waiverId';
export const CONTRACT_FIELDS = `maxLeafFields maxFieldsAddedPerVersion maxFieldsAddedTotal maxDepth entityOverlapThreshold enforcement
  allowedTags { classification tags } requiredFields { label names }`;

export const CHECK_SCHEMA = `query($input: CheckSchemaInput!) { checkSchema(input: $input) {
  subject topic nextVersion fingerprint blocking leafFields taggedLeafFields maxDepth findings { ${FINDING_FIELDS} } } }`;
export const REQUEST_WAIVER = `mutation($input: RequestContractWaiverInput!) { requestContractWaiver(input: $input) {
  id subject schemaVersion rule path state requestedBy version } }`;
export const APPROVE_WAIVER = `mutation($input: DecideContractWaiverInput!) { approveContractWaiver(input: $input) { id state decidedBy decidedAt } }`;
export const REJECT_WAIVER = `mutation($input: DecideContractWaiverInput!) { rejectContractWaiver(input: $input) { id state decidedBy } }`;
export const CREATE_ENTITY = `mutation($input: CreateCatalogueEntityInput!) { createCatalogueEntity(input: $input) {
  id name sourceSystem attributes schemaType version owner { slug } } }`;

/** Runs a GraphQL operation and returns its data; throws with the errors when there are any. */
export async function gql<T = any>(app: TestApp, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await app.graphql<T>(query, variables, token);
  if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The first error of an operation that must fail. */
export async function gqlError(app: TestApp, query: string, variables: Record<string, unknown>, token: string) {
  const res = await app.graphql(query, variables, token);
  if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
  return res.errors[0];
}

/** `rule@path`, with ` (WARN)` for warnings: compact enough to compare lists of findings. */
export const summary = (findings: Array<{ rule: string; path: string; severity: string }>) =>
  findings.map((f) => `${f.rule}@${f.path}${f.severity === 'WARN' ? ' (WARN)' : ''}`);
