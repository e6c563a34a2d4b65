import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { useTitle } from '../components/use-title';
import { AuditChainQuery, AuditQuery } from '../graphql/operations';

const FILTERS = [
  ['actor', 'Actor'],
  ['targetType', 'Target type'],
  ['targetId', 'Target id'],
] as const;

/** The audit log, filtered and paginated, with the state of its hash chain. */
export function AuditPage() {
  useTitle('Audit');
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map(([key]) => [key, params.get(key) ?? undefined]).filter(([, v]) => v));
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({ query: AuditQuery, variables: { filter, after } });
  const log = data?.auditLog;
  return (
    <>
      <h1>Audit</h1>
      <ChainState />
      <form
        className="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setCursors([]);
          setParams(Object.fromEntries(FILTERS.map(([key]) => [key, String(form.get(key) ?? '').trim()]).filter(([, v]) => v)));
        }}
      >
        {FILTERS.map(([key, label]) => (
          <div className="field" key={key}>
            <label htmlFor={`audit-${key}`}>{label}</label>
            <input id={`audit-${key}`} name={key} defaultValue={params.get(key) ?? ''} />
          </div>
        ))}
        <button type="submit">Filter</button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      <p role="status" className="count">
        {log ? `${log.totalCount} entries` : fetching ? 'Loading…' : ''}
      </p>
      {log ? (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.edges.map(({ node }) => (
              <tr key={node.seq}>
                <td>{node.seq}</td>
                <td>{node.occurredAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{node.actor}</td>
                <td>{node.action}</td>
                <td>
                  {node.targetType} <code>{node.targetId}</code>
                </td>
                <td>
                  <code className="details">{JSON.stringify(node.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer entries
        </button>
        <button
          type="button"
          disabled={!log?.pageInfo.hasNextPage}
          onClick={() => log && setCursors([...cursors, log.pageInfo.endCursor ?? ''])}
        >
          Older entries
        </button>
      </p>
    </>
  );
}

function ChainState() {
  const [{ data, error }] = useQuery({ query: AuditChainQuery, requestPolicy: 'network-only' });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p role="status">Verifying the audit chain…</p>;
  const v = data.verifyAuditChain;
  return (
    <p data-testid="chain" className={v.valid ? 'ok' : 'error'} role={v.valid ? undefined : 'alert'}>
      {v.valid
        ? `The audit chain verifies: ${v.checked} entries checked${v.unsealed ? `, ${v.unsealed} not sealed yet` : ''}.`
        : `The audit chain is broken at entry ${v.firstBrokenSeq} (${v.reason}).`}
    </p>
  );
}
