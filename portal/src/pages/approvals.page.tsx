import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { RequestSummary } from '../components/request-summary';
import { useTitle } from '../components/use-title';
import { fieldErrors } from '../graphql/client';
import { ApproveMutation, MyApprovalsQuery, RejectMutation } from '../graphql/operations';
import type { AccessRequestFieldsFragment } from '../gql/graphql';

/** The approval slots the signed-in user may fill now. */
export function ApprovalsPage() {
  useTitle('My approvals');
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyApprovalsQuery, variables: {}, requestPolicy: 'network-only' });
  const pending = data?.myPendingApprovals;
  return (
    <>
      <h1>My approvals</h1>
      {error ? <ErrorMessage error={error} /> : null}
      <p role="status" className="count">
        {pending ? `${pending.totalCount} waiting for you` : fetching ? 'Loading…' : ''}
      </p>
      {pending?.edges.map(({ node }) => (
        <Pending key={node.id} request={node} onDecided={() => refetch({ requestPolicy: 'network-only' })} />
      ))}
    </>
  );
}

function Pending({ request, onDecided }: { request: AccessRequestFieldsFragment; onDecided(): void }) {
  const [approval, approve] = useMutation(ApproveMutation);
  const [rejection, reject] = useMutation(RejectMutation);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const headingId = `request-${request.id}`;
  const reasonId = `reason-${request.id}`;
  const serverReason = fieldErrors(rejection.error).reason;
  const shownReasonError = reasonError ?? serverReason;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {request.operation} on {request.topic.name} for {request.requestingTeam.slug}
      </h2>
      <RequestSummary request={request} />
      <div className="decide">
        <button
          type="button"
          disabled={approval.fetching}
          onClick={async () => {
            const res = await approve({ input: { id: request.id, expectedVersion: request.version } });
            if (!res.error) onDecided();
          }}
        >
          Approve
        </button>
        <div className="field">
          <label htmlFor={reasonId}>Reason for rejecting</label>
          <textarea
            id={reasonId}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={shownReasonError ? true : undefined}
            aria-describedby={shownReasonError ? `${reasonId}-error` : undefined}
          />
          {shownReasonError ? (
            <p id={`${reasonId}-error`} role="alert" className="error">
              {shownReasonError}
            </p>
          ) : null}
        </div>
        <button
          type="button"
          className="danger"
          disabled={rejection.fetching}
          onClick={async () => {
            if (!reason.trim()) {
              setReasonError('Give the requester a reason.');
              document.getElementById(reasonId)?.focus();
              return;
            }
            setReasonError(null);
            const res = await reject({ input: { id: request.id, reason: reason.trim(), expectedVersion: request.version } });
            if (!res.error) onDecided();
          }}
        >
          Reject
        </button>
      </div>
      {approval.error ? <ErrorMessage error={approval.error} /> : null}
      {rejection.error && !serverReason ? <ErrorMessage error={rejection.error} /> : null}
    </article>
  );
}
