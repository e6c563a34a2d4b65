import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { TokenDownload } from '../components/token-download';
import { useTitle } from '../components/use-title';
import { DecideWaiverMutation, StewardQuery } from '../graphql/operations';
import type { StewardQuery as StewardData } from '../gql/graphql';

/** What a steward watches: topics near their field budget, waiver requests, flagged grants. */
export function StewardPage() {
  useTitle('Steward');
  const [{ data, error }, refetch] = useQuery({ query: StewardQuery, requestPolicy: 'network-only' });
  return (
    <>
      <h1>Steward</h1>
      <p className="actions">
        <TokenDownload
          path="/catalogue/records-of-processing.csv"
          accept="text/csv"
          fileName="records-of-processing.csv"
          label="Download the records of processing (CSV)"
        />
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      {!data ? (
        error ? null : (
          <p role="status">Loading…</p>
        )
      ) : (
        <>
          <section aria-labelledby="budget">
            <h2 id="budget">Topics closest to their field budget</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">Version</th>
                  <th scope="col">Leaf fields</th>
                  <th scope="col">Budget used</th>
                </tr>
              </thead>
              <tbody>
                {data.topicsClosestToBudget.map((b) => (
                  <tr key={b.subject}>
                    <td>
                      <Link to={`/topics/${encodeURIComponent(b.topic.name)}`}>{b.topic.name}</Link>
                    </td>
                    <td>{b.version}</td>
                    <td>
                      {b.leafFields} of {b.maxLeafFields}
                    </td>
                    <td>{Math.round(b.budgetUsed * 100)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="waivers">
            <h2 id="waivers">Waiver requests</h2>
            {data.contractWaivers.length === 0 ? <p>No waiver is waiting.</p> : null}
            {data.contractWaivers.map((w) => (
              <WaiverRequest key={w.id} waiver={w} onDecided={() => refetch({ requestPolicy: 'network-only' })} />
            ))}
          </section>
          <section aria-labelledby="flagged">
            <h2 id="flagged">Flagged grants</h2>
            {data.flaggedGrants.length === 0 ? (
              <p>No grant is flagged.</p>
            ) : (
              <ul>
                {data.flaggedGrants.map((g) => (
                  <li key={g.id}>
                    {g.operation} on <Link to={`/topics/${encodeURIComponent(g.topic.name)}`}>{g.topic.name}</Link> for{' '}
                    {g.requestingTeam.slug}: {g.flagReasons.join('; ')}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function WaiverRequest({ waiver, onDecided }: { waiver: StewardData['contractWaivers'][number]; onDecided(): void }) {
  const [decision, decide] = useMutation(DecideWaiverMutation);
  const [note, setNote] = useState('');
  const noteId = `waiver-note-${waiver.id}`;
  const act = async (approve: boolean) => {
    const res = await decide({ approve, input: { id: waiver.id, expectedVersion: waiver.version, note: note.trim() || undefined } });
    if (!res.error) onDecided();
  };
  return (
    <article className="card" aria-labelledby={`waiver-${waiver.id}`}>
      <h3 id={`waiver-${waiver.id}`}>
        {waiver.rule} on {waiver.subject} version {waiver.schemaVersion}
      </h3>
      <p>
        {waiver.path ? (
          <>
            At <code>{waiver.path}</code>.{' '}
          </>
        ) : null}
        Asked by {waiver.requestedBy}: {waiver.justification}
      </p>
      <div className="field">
        <label htmlFor={noteId}>Note</label>
        <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="decide">
        <button type="button" disabled={decision.fetching} onClick={() => act(true)}>
          Approve waiver
        </button>
        <button type="button" className="danger" disabled={decision.fetching} onClick={() => act(false)}>
          Reject waiver
        </button>
      </div>
      {decision.error ? <ErrorMessage error={decision.error} /> : null}
    </article>
  );
}
