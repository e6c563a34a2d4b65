import { useQuery } from 'urql';
import { ErrorMessage } from '../components/error-message';
import { RequestSummary } from '../components/request-summary';
import { useTitle } from '../components/use-title';
import { MeQuery, MyRequestsQuery } from '../graphql/operations';

/** What the signed-in user asked for, and where each request stands (grants included). */
export function RequestsPage() {
  useTitle('My requests');
  const [{ data: me }] = useQuery({ query: MeQuery });
  const username = me?.me.username;
  const [{ data, error }] = useQuery({
    query: MyRequestsQuery,
    variables: { filter: { requestedBy: username } },
    pause: !username,
    requestPolicy: 'network-only',
  });
  const requests = data?.accessRequests;
  return (
    <>
      <h1>My requests</h1>
      {error ? <ErrorMessage error={error} /> : null}
      <p role="status" className="count">
        {requests ? `${requests.totalCount} ${requests.totalCount === 1 ? 'request' : 'requests'}` : 'Loading…'}
      </p>
      {requests?.edges.map(({ node }) => (
        <article key={node.id} className="card" aria-labelledby={`r-${node.id}`}>
          <h2 id={`r-${node.id}`}>
            {node.operation} on {node.topic.name}: <span className={`state state-${node.state.toLowerCase()}`}>{node.state}</span>
            {node.state === 'APPROVED' ? ' (active grant)' : ''}
          </h2>
          <RequestSummary request={node} />
        </article>
      ))}
    </>
  );
}
