import { useQuery } from 'urql';
import { TopicGrantsQuery } from '../graphql/operations';

/** Active grants and the Kafka ACL bindings they imply; the API shows them to owners, stewards and admins. */
export function TopicGrants({ name }: { name: string }) {
  const [{ data, error }] = useQuery({ query: TopicGrantsQuery, variables: { name } });
  return (
    <section aria-labelledby="grants">
      <h2 id="grants">Grants and ACL bindings</h2>
      {error ? (
        <p className="muted">Grants and ACLs are visible to the topic's owners, stewards and admins.</p>
      ) : !data ? (
        <p role="status">Loading grants…</p>
      ) : (
        <>
          {data.topic.grants.length === 0 ? (
            <p>No active grants.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Principal</th>
                  <th scope="col">State</th>
                  <th scope="col">Ends</th>
                </tr>
              </thead>
              <tbody>
                {data.topic.grants.map((g) => (
                  <tr key={g.id}>
                    <td>{g.requestingTeam.slug}</td>
                    <td>{g.operation}</td>
                    <td>
                      <code>{g.kafkaPrincipal}</code>
                    </td>
                    <td>{g.state}</td>
                    <td>{g.grantEnd?.slice(0, 10) ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>ACL bindings</h3>
          {data.topic.acls.length === 0 ? (
            <p>No ACL bindings.</p>
          ) : (
            <table data-testid="acls">
              <thead>
                <tr>
                  <th scope="col">Principal</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Pattern</th>
                </tr>
              </thead>
              <tbody>
                {data.topic.acls.map((a) => (
                  <tr key={`${a.principal}:${a.operation}:${a.resourceType}:${a.resourceName}`}>
                    <td>
                      <code>{a.principal}</code>
                    </td>
                    <td>{a.operation}</td>
                    <td>
                      {a.resourceType} <code>{a.resourceName}</code>
                    </td>
                    <td>{a.patternType}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
