import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { useTitle } from '../components/use-title';
import { TeamSlugsQuery, TopicsQuery } from '../graphql/operations';
import { CLASSIFICATIONS, filterFromParams, INTENTS, LIFECYCLES } from './catalogue-filters';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;

export function CataloguePage() {
  useTitle('Catalogue');
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const after = params.get('after') ?? undefined;
  const [{ data: teams }] = useQuery({ query: TeamSlugsQuery });
  const [{ data, fetching, error }] = useQuery({ query: TopicsQuery, variables: { filter: filterFromParams(params), first: PAGE_SIZE, after } });

  // Search as you type, without a request per keystroke; the search text is kept in the URL too.
  useEffect(() => {
    if (text === (params.get('q') ?? '')) return;
    const timer = setTimeout(() => update('q', text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  function update(key: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        next.delete('after'); // a new filter starts at the first page
        return next;
      },
      { replace: key === 'q' },
    );
  }

  function page(cursor: string | null) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (cursor) next.set('after', cursor);
      else next.delete('after');
      return next;
    });
  }

  const topics = data?.topics;
  return (
    <>
      <h1>Catalogue</h1>
      <search className="filters" aria-label="Topic filters">
        <div className="field wide">
          <label htmlFor="q">Search topics</label>
          <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name, display name or description" />
        </div>
        <Select id="owner" label="Owner team" value={params.get('owner')} onChange={(v) => update('owner', v)} options={(teams?.teams ?? []).map((t) => [t.slug, t.name])} />
        <Select id="intent" label="Intent" value={params.get('intent')} onChange={(v) => update('intent', v)} options={INTENTS.map((i) => [i, i])} />
        <Select
          id="classification"
          label="Classification at least"
          value={params.get('classification')}
          onChange={(v) => update('classification', v)}
          options={CLASSIFICATIONS.map((c) => [c, c])}
        />
        <div className="field">
          <label htmlFor="jurisdiction">Jurisdiction</label>
          <input id="jurisdiction" defaultValue={params.get('jurisdiction') ?? ''} onBlur={(e) => update('jurisdiction', e.target.value.trim().toUpperCase())} size={6} />
        </div>
        <Select id="lifecycle" label="Lifecycle" value={params.get('lifecycle')} onChange={(v) => update('lifecycle', v)} options={LIFECYCLES.map((l) => [l, l])} />
        <div className="field">
          <label htmlFor="tag">Tag</label>
          <input id="tag" defaultValue={params.get('tag') ?? ''} onBlur={(e) => update('tag', e.target.value.trim())} size={10} />
        </div>
      </search>
      {error ? <ErrorMessage error={error} /> : null}
      <p role="status" aria-live="polite" className="count">
        {topics ? `${topics.totalCount} ${topics.totalCount === 1 ? 'topic' : 'topics'}` : fetching ? 'Loading…' : ''}
      </p>
      {topics && topics.edges.length > 0 ? (
        <table className="topics">
          <caption className="sr-only">Topics matching the filters</caption>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Owner</th>
              <th scope="col">Intent</th>
              <th scope="col">Classification</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Lifecycle</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {topics.edges.map(({ node }) => (
              <tr key={node.name}>
                <td>
                  <Link to={`/topics/${encodeURIComponent(node.name)}`}>{node.name}</Link>
                  <div className="muted">{node.displayName}</div>
                </td>
                <td>{node.owner.name}</td>
                <td>{node.intent}</td>
                <td>{node.classification}</td>
                <td>{node.jurisdiction}</td>
                <td>{node.lifecycle}</td>
                <td>{node.tags.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav aria-label="Pages" className="pager">
        {after ? (
          <button type="button" onClick={() => page(null)}>
            First page
          </button>
        ) : null}
        {topics?.pageInfo.hasNextPage ? (
          <button type="button" onClick={() => page(topics.pageInfo.endCursor ?? null)}>
            Next page
          </button>
        ) : null}
      </nav>
    </>
  );
}

function Select(props: { id: string; label: string; value: string | null; onChange(value: string): void; options: Array<[string, string]> }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Any</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
