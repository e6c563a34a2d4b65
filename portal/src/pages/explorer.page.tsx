import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import { useTitle } from '../components/use-title';
import { getToken } from '../session/session';

/** Sends the explorer's operations with the signed-in token, as the rest of the portal does. */
const fetcher: Fetcher = async (params) => {
  const token = getToken();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(params),
  });
  return res.json();
};

const DEFAULT_QUERY = `# The signed-in user, and the first topics of the catalogue.
query Explore {
  me { username teams roles }
  topics(first: 5) { totalCount edges { node { name classification owner { slug } } } }
}
`;

/** GraphiQL with the schema's documentation; loaded only when someone opens it. */
export default function ExplorerPage() {
  useTitle('GraphQL explorer');
  return (
    <div className="explorer">
      <h1 className="sr-only">GraphQL explorer</h1>
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
    </div>
  );
}
