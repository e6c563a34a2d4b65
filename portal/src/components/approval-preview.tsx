import type { CombinedError } from 'urql';
import type { AccessApprovalPreviewQuery } from '../gql/graphql';

export type Preview = AccessApprovalPreviewQuery['accessApprovalPreview'];

const WHO = { OWNER: 'Owner', STEWARD: 'Data steward' } as const;

/**
 * Who will have to approve, and why, as the server computes it for the answers so far. A polite
 * live region: a screen reader hears the new answer when the requester pauses, not on every key.
 */
export function ApprovalPreview({ preview, error, checking }: { preview: Preview | undefined; error: CombinedError | undefined; checking: boolean }) {
  return (
    <section aria-labelledby="approvers-heading" className="approvers">
      <h2 id="approvers-heading">Who will have to approve, and why</h2>
      <div aria-live="polite" aria-busy={checking} data-testid="approval-preview">
        {error ? (
          <p className="error">{error.networkError ? 'Charter cannot be reached right now; the approvers will show when it answers.' : error.graphQLErrors.map((e) => e.message).join(' ')}</p>
        ) : !preview ? (
          <p>Checking…</p>
        ) : (
          <>
            {preview.autoGranted ? (
              <p>
                <strong>Granted automatically</strong> on submission: nobody needs to approve.
              </p>
            ) : (
              <ul>
                {preview.slots.map((slot) => (
                  <li key={slot.kind}>
                    <strong>{WHO[slot.kind]}</strong>
                    {slot.team ? ` (team ${slot.team})` : ''}: {slot.reason}
                  </li>
                ))}
              </ul>
            )}
            {preview.legalBasis.required ? <p>A legal basis is required. {preview.legalBasis.reason}</p> : null}
          </>
        )}
      </div>
    </section>
  );
}
