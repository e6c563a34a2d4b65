import { Suspense } from 'react';
import { useQuery } from 'urql';
import { TopicGovernanceQuery } from '../graphql/operations';
import { ErrorMessage } from './error-message';
import { lazyPart } from './page-error';

// recharts is fetched only when a topic page shows a growth chart.
const GrowthChart = lazyPart(() => import('./growth-chart'), 'growth chart');

/** The topic's payload contract, what it found in the latest version, its waivers and its growth. */
export function TopicGovernance({ name }: { name: string }) {
  const [{ data, error }] = useQuery({ query: TopicGovernanceQuery, variables: { name } });
  if (error) return <ErrorMessage error={error} />;
  const topic = data?.topic;
  if (!topic) return <p role="status">Loading the contract…</p>;
  const { contract, contractGrowth } = topic;
  const latest = topic.subject?.latest;
  return (
    <>
      <section aria-labelledby="contract">
        <h2 id="contract">Payload contract</h2>
        <dl className="facts">
          <dt>Enforcement</dt>
          <dd>{contract.enforced.enforcement}</dd>
          <dt>Field budget</dt>
          <dd>{contract.enforced.maxLeafFields} leaf fields</dd>
          <dt>Deepest nesting</dt>
          <dd>{contract.enforced.maxDepth}</dd>
          <dt>Fields added per version</dt>
          <dd>at most {contract.enforced.maxFieldsAddedPerVersion}</dd>
          <dt>Written</dt>
          <dd>{contract.isDefault ? 'the default contract' : `version ${contract.version}, by ${contract.updatedBy ?? 'unknown'}`}</dd>
        </dl>
        <h3>Findings on the latest version{latest ? ` (${latest.version})` : ''}</h3>
        {!latest?.findings?.length ? (
          <p>No findings.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">Path</th>
                <th scope="col">Finding</th>
              </tr>
            </thead>
            <tbody>
              {latest.findings.map((f) => (
                <tr key={`${f.rule}:${f.path}`}>
                  <td>{f.rule}</td>
                  <td>{f.severity}</td>
                  <td>
                    <code>{f.path || '(whole schema)'}</code>
                  </td>
                  <td>
                    {f.message} <span className="muted">{f.hint}</span>
                    {f.waiverId ? <span className="badge">waived</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>Waivers</h3>
        {!latest?.waivers.length ? (
          <p>No waivers.</p>
        ) : (
          <ul>
            {latest.waivers.map((w) => (
              <li key={w.id}>
                <strong>{w.rule}</strong> {w.path ? <code>{w.path}</code> : null} — {w.state.toLowerCase()}, asked by {w.requestedBy}:{' '}
                {w.justification}
                {w.decidedBy ? ` (decided by ${w.decidedBy}${w.decisionNote ? `: ${w.decisionNote}` : ''})` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="growth">
        <h2 id="growth">Growth against the budget</h2>
        {contractGrowth.points.length === 0 ? (
          <p>No versions yet.</p>
        ) : (
          <>
            <Suspense fallback={<p role="status">Loading the chart…</p>}>
              <GrowthChart points={contractGrowth.points} budget={contractGrowth.maxLeafFields} />
            </Suspense>
            <table data-testid="growth-table">
              <caption>Leaf fields per version (budget {contractGrowth.maxLeafFields})</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Leaf fields</th>
                  <th scope="col">Tagged</th>
                  <th scope="col">Warnings</th>
                  <th scope="col">Waived</th>
                </tr>
              </thead>
              <tbody>
                {contractGrowth.points.map((p) => (
                  <tr key={p.version}>
                    <td>{p.version}</td>
                    <td>{p.leafFields}</td>
                    <td>{p.taggedLeafFields}</td>
                    <td>{p.warnings ?? '—'}</td>
                    <td>{p.waivedFindings ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
