import { Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { AsyncApiDownload } from '../components/asyncapi-download';
import { ErrorMessage } from '../components/error-message';
import { FieldTable } from '../components/field-table';
import { lazyPart } from '../components/page-error';
import { SchemaText } from '../components/schema-text';
import { TopicGovernance } from '../components/topic-governance';
import { TopicGrants } from '../components/topic-grants';
import { useTitle } from '../components/use-title';
import { TeamMembersQuery, TopicQuery } from '../graphql/operations';

// The diff view and its library are only fetched when someone compares two versions.
const SchemaDiff = lazyPart(() => import('../components/schema-diff'), 'comparison view');

export default function TopicPage() {
  const name = useParams().name ?? '';
  useTitle(name);
  const [{ data, error, fetching }] = useQuery({ query: TopicQuery, variables: { name } });
  const topic = data?.topic;
  const versions = topic?.subject?.versions ?? [];
  const [selected, setSelected] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  if (error) return <ErrorMessage error={error} />;
  if (!topic) return <p role="status">{fetching ? 'Loading…' : 'No such topic.'}</p>;
  const current = versions.find((v) => v.version === selected) ?? versions[versions.length - 1];

  return (
    <>
      <h1>{topic.name}</h1>
      <p className="lead">{topic.displayName}</p>
      <p className="actions">
        <Link className="button" to={`/topics/${encodeURIComponent(topic.name)}/request`}>
          Request access
        </Link>
        <AsyncApiDownload team={topic.owner.slug} />
      </p>
      <section aria-labelledby="about">
        <h2 id="about">About</h2>
        <p className="description">{topic.description || 'No description.'}</p>
        <dl className="facts">
          <dt>Owner team</dt>
          <dd>
            {topic.owner.name} ({topic.owner.slug})
          </dd>
          <dt>Members</dt>
          <dd>
            <Members slug={topic.owner.slug} />
          </dd>
          <dt>Intent</dt>
          <dd>{topic.intent}</dd>
          <dt>Classification</dt>
          <dd>{topic.classification}</dd>
          <dt>Jurisdiction</dt>
          <dd data-testid="jurisdiction">{topic.jurisdiction}</dd>
          <dt>Residency</dt>
          <dd>{topic.residency.join(', ') || '—'}</dd>
          <dt>Access policy</dt>
          <dd>{topic.accessPolicy}</dd>
          <dt>Longest grant</dt>
          <dd>{topic.maxGrantDays ? `${topic.maxGrantDays} days` : 'no limit'}</dd>
          <dt>Lifecycle</dt>
          <dd>
            {topic.lifecycle}
            {topic.sunsetAt ? `, sunset ${topic.sunsetAt.slice(0, 10)}` : ''}
            {topic.replacement ? (
              <>
                {' '}
                — replaced by <Link to={`/topics/${encodeURIComponent(topic.replacement.name)}`}>{topic.replacement.name}</Link>
              </>
            ) : null}
          </dd>
          <dt>Cluster</dt>
          <dd data-testid="cluster">{clusterLabel(topic.cluster)}</dd>
          {topic.mirrors.length ? (
            <>
              <dt>Mirrored to</dt>
              <dd>
                <ul className="plain">
                  {topic.mirrors.map((m) => (
                    <li key={m.id}>
                      {clusterLabel(m.targetCluster)}
                      {m.grantEnd ? `, until ${m.grantEnd.slice(0, 10)}` : ''}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt>Tags</dt>
          <dd>{topic.tags.join(', ') || '—'}</dd>
          <dt>Contacts</dt>
          <dd>{topic.contacts.map((c) => `${c.kind}: ${c.value}`).join('; ') || '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="schema">
        <h2 id="schema">Value schema{topic.subject ? ` (${topic.subject.subject})` : ''}</h2>
        {!current ? (
          <p>No schema registered yet.</p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="version">Version</label>
              <select id="version" value={current.version} onChange={(e) => setSelected(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {`Version ${v.version} (schema id ${v.schemaId})`}
                  </option>
                ))}
              </select>
            </div>
            <h3>Fields of version {current.version}</h3>
            <FieldTable fields={current.fields} />
            <h3>Schema text of version {current.version}</h3>
            <SchemaText text={current.schema} schemaType={current.schemaType} />
            {versions.length > 1 ? <CompareForm versions={versions.map((v) => v.version)} onCompare={setCompare} /> : null}
            {compare ? (
              <Suspense fallback={<p role="status">Loading the diff…</p>}>
                <SchemaDiff topic={topic.name} from={compare.from} to={compare.to} />
              </Suspense>
            ) : null}
          </>
        )}
      </section>
      <TopicGovernance name={topic.name} />
      <TopicGrants name={topic.name} />
    </>
  );
}

function Members({ slug }: { slug: string }) {
  const [{ data, error }] = useQuery({ query: TeamMembersQuery, variables: { slug } });
  if (error) return <span className="muted">not visible to you</span>;
  if (!data) return <span className="muted">…</span>;
  return <>{data.team.members.map((m) => m.username).join(', ') || 'none recorded'}</>;
}

function CompareForm({ versions, onCompare }: { versions: number[]; onCompare(pair: { from: number; to: number }): void }) {
  const [from, setFrom] = useState(versions[versions.length - 2]);
  const [to, setTo] = useState(versions[versions.length - 1]);
  return (
    <form
      className="compare"
      onSubmit={(e) => {
        e.preventDefault();
        onCompare({ from: Math.min(from, to), to: Math.max(from, to) });
      }}
    >
      <h3>Compare versions</h3>
      <div className="field">
        <label htmlFor="compare-from">Older version</label>
        <select id="compare-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="compare-to">Newer version</label>
        <select id="compare-to" value={to} onChange={(e) => setTo(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={from === to}>
        Compare
      </button>
    </form>
  );
}

function clusterLabel(cluster: { name: string; region: string; jurisdiction: string }): string {
  return `${cluster.name} (${cluster.region}, ${cluster.jurisdiction})`;
}
