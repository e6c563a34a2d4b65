import { graphql } from '../gql';

// Every operation the portal sends, typed from the committed SDL by GraphQL Code Generator.

export const MeQuery = graphql(`
  query Me {
    me { username teams roles }
  }
`);

export const TeamSlugsQuery = graphql(`
  query TeamSlugs {
    teams { slug name }
  }
`);

export const TopicsQuery = graphql(`
  query Topics($filter: TopicFilter, $first: Int, $after: String) {
    topics(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges {
        node { name displayName description intent classification jurisdiction lifecycle tags owner { slug name } }
      }
    }
  }
`);

export const TopicQuery = graphql(`
  query Topic($name: String!) {
    topic(name: $name) {
      name displayName description intent classification jurisdiction residency accessPolicy maxGrantDays lifecycle tags
      partitions retentionMs sunsetAt
      contacts { kind value }
      owner { slug name }
      replacement { name }
      cluster { name region jurisdiction }
      mirrors { id targetCluster { name region jurisdiction } grantEnd }
      subject(part: VALUE) {
        subject
        versions {
          version schemaId schemaType registeredAt schema
          fields { path type tags optional doc leaf depth encrypted }
        }
      }
    }
  }
`);

export const TeamMembersQuery = graphql(`
  query TeamMembers($slug: String!) {
    team(slug: $slug) { slug members { username } }
  }
`);

export const SchemaDiffQuery = graphql(`
  query SchemaDiff($name: String!, $from: Int!, $to: Int!) {
    topic(name: $name) {
      name
      subject(part: VALUE) {
        subject
        older: version(version: $from) { version schema }
        newer: version(version: $to) { version schema }
        diff(from: $from, to: $to) {
          fromVersion toVersion
          added { path type tags }
          removed { path type tags }
          changed { path before { type tags optional } after { type tags optional } }
          compatibility { level compatible messages }
        }
      }
    }
  }
`);

export const RequestAccessMutation = graphql(`
  mutation RequestAccess($input: RequestAccessInput!) {
    requestAccess(input: $input) { id state approvalReasons crossBorder slots { kind decision } }
  }
`);

export const AccessApprovalPreviewQuery = graphql(`
  query AccessApprovalPreview($topic: String!, $operation: AccessOperation, $consumerJurisdiction: String, $kafkaPrincipal: String) {
    accessApprovalPreview(topic: $topic, operation: $operation, consumerJurisdiction: $consumerJurisdiction, kafkaPrincipal: $kafkaPrincipal) {
      autoGranted crossBorder reasons
      slots { kind team reason }
      legalBasis { required reason }
    }
  }
`);

export const JurisdictionsQuery = graphql(`
  query Jurisdictions {
    jurisdictions
  }
`);

export const AccessRequestFields = graphql(`
  fragment AccessRequestFields on AccessRequest {
    id version state operation purpose purposeCategory applicationName kafkaPrincipal durationDays
    consumerJurisdiction topicJurisdiction crossBorder requestedBy createdAt grantStart grantEnd reason approvalReasons
    legalBasis { mechanism reference }
    requestingTeam { slug name }
    topic { name classification jurisdiction accessPolicy }
    slots { kind decision decidedBy decidedAt }
  }
`);

export const MyApprovalsQuery = graphql(`
  query MyApprovals($after: String) {
    myPendingApprovals(first: 20, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { node { ...AccessRequestFields } }
    }
  }
`);

export const MyRequestsQuery = graphql(`
  query MyRequests($filter: AccessRequestFilterInput, $after: String) {
    accessRequests(filter: $filter, first: 20, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { node { ...AccessRequestFields } }
    }
  }
`);

export const ApproveMutation = graphql(`
  mutation Approve($input: AccessDecisionInput!) {
    approveAccessRequest(input: $input) { id state version slots { kind decision decidedBy } }
  }
`);

export const RejectMutation = graphql(`
  mutation Reject($input: AccessReasonInput!) {
    rejectAccessRequest(input: $input) { id state version reason }
  }
`);

export const TopicGovernanceQuery = graphql(`
  query TopicGovernance($name: String!) {
    topic(name: $name) {
      name
      contract {
        isDefault version updatedAt updatedBy
        enforced { enforcement maxLeafFields maxDepth maxFieldsAddedPerVersion maxFieldsAddedTotal entityOverlapThreshold }
      }
      contractGrowth { subject maxLeafFields points { version leafFields taggedLeafFields warnings waivedFindings registeredAt } }
      subject(part: VALUE) {
        subject
        latest {
          version
          findings { rule severity path message hint waiverId }
          waivers { id rule path state justification requestedBy decidedBy decisionNote schemaVersion }
        }
      }
    }
  }
`);

export const TopicGrantsQuery = graphql(`
  query TopicGrants($name: String!) {
    topic(name: $name) {
      name
      grants { id operation state grantEnd kafkaPrincipal applicationName requestingTeam { slug } }
      acls { principal operation resourceType resourceName patternType permissionType host }
    }
  }
`);

export const MyTeamQuery = graphql(`
  query MyTeam($slug: String!) {
    team(slug: $slug) {
      slug name
      members { username addedAt }
      topics { name classification lifecycle }
      grants { id operation state grantEnd topic { name } kafkaPrincipal }
      webhook { url updatedAt createdBy }
    }
  }
`);

export const SetTeamWebhookMutation = graphql(`
  mutation SetTeamWebhook($input: SetTeamWebhookInput!) {
    setTeamWebhook(input: $input) { secret webhook { url updatedAt createdBy } }
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens { id username prefix roles teams description createdAt expiresAt revokedAt }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { token apiToken { id username prefix } }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { id revokedAt }
  }
`);

export const StewardQuery = graphql(`
  query Steward {
    topicsClosestToBudget(first: 10) { subject version leafFields maxLeafFields budgetUsed topic { name } }
    contractWaivers(filter: { state: REQUESTED }) { id subject schemaVersion rule path justification requestedBy version }
    flaggedGrants { id operation flagReasons flaggedAt topic { name } requestingTeam { slug } }
  }
`);

export const DecideWaiverMutation = graphql(`
  mutation DecideWaiver($input: DecideContractWaiverInput!, $approve: Boolean!) {
    approve: approveContractWaiver(input: $input) @include(if: $approve) { id state }
    reject: rejectContractWaiver(input: $input) @skip(if: $approve) { id state }
  }
`);

export const AuditQuery = graphql(`
  query Audit($filter: AuditFilterInput, $after: String) {
    auditLog(filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { node { seq occurredAt actor action targetType targetId details } }
    }
  }
`);

export const AuditChainQuery = graphql(`
  query AuditChain {
    verifyAuditChain { valid checked unsealed firstBrokenSeq reason }
  }
`);
