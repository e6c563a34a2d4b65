import type { AccessRequestFieldsFragment } from '../gql/graphql';

/** The full context of an access request, as an approver needs it to decide. */
export function RequestSummary({ request: r }: { request: AccessRequestFieldsFragment }) {
  return (
    <dl className="facts">
      <dt>Topic</dt>
      <dd>
        {r.topic.name} ({r.topic.classification}, {r.topic.jurisdiction}, {r.topic.accessPolicy})
      </dd>
      <dt>Requested by</dt>
      <dd>
        {r.requestedBy} for team {r.requestingTeam.slug}
      </dd>
      <dt>Operation</dt>
      <dd>{r.operation}</dd>
      <dt>Application and principal</dt>
      <dd>
        {r.applicationName}, {r.kafkaPrincipal}
      </dd>
      <dt>Purpose</dt>
      <dd>
        {r.purposeCategory}: {r.purpose}
      </dd>
      <dt>Processed in</dt>
      <dd>
        {r.consumerJurisdiction}
        {r.crossBorder ? ' (cross-border transfer)' : ''}
      </dd>
      {r.legalBasis ? (
        <>
          <dt>Legal basis</dt>
          <dd>
            {r.legalBasis.mechanism}: {r.legalBasis.reference}
          </dd>
        </>
      ) : null}
      <dt>Duration</dt>
      <dd>{r.durationDays} days</dd>
      <dt>Approvals</dt>
      <dd>
        <ul className="slots">
          {r.slots.map((s) => (
            <li key={s.kind}>
              {s.kind}: {s.decision ? `${s.decision} by ${s.decidedBy}` : 'waiting'}
            </li>
          ))}
        </ul>
        {r.approvalReasons.length ? <span className="muted">{r.approvalReasons.join(' ')}</span> : null}
      </dd>
      {r.grantEnd ? (
        <>
          <dt>Grant</dt>
          <dd className="volatile">
            {r.grantStart?.slice(0, 10)} to {r.grantEnd.slice(0, 10)}
          </dd>
        </>
      ) : null}
      {r.reason ? (
        <>
          <dt>Reason</dt>
          <dd>{r.reason}</dd>
        </>
      ) : null}
    </dl>
  );
}
