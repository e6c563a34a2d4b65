import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldErrors } from '../graphql/client';
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from '../graphql/operations';
import { ErrorMessage } from './error-message';
import { SecretOnce } from './secret-once';

/** API tokens (admins): create one (its secret is shown once) and revoke any. */
export function ApiTokens() {
  const [{ data, error }, refetch] = useQuery({ query: ApiTokensQuery, requestPolicy: 'network-only' });
  const [created, create] = useMutation(CreateApiTokenMutation);
  const [revocation, revoke] = useMutation(RevokeApiTokenMutation);
  const [username, setUsername] = useState('');
  const [description, setDescription] = useState('');
  const errors = fieldErrors(created.error);
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section aria-labelledby="tokens">
      <h2 id="tokens">API tokens</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await create({ input: { username: username.trim(), description: description.trim() || undefined } });
          if (!res.error) {
            setUsername('');
            setDescription('');
            refresh();
          }
        }}
      >
        <div className="field">
          <label htmlFor="token-username">User the token acts as</label>
          <input
            id="token-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={errors.username ? 'token-username-error' : undefined}
          />
          {errors.username ? (
            <p id="token-username-error" role="alert" className="error">
              {errors.username}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="token-description">Description</label>
          <input id="token-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <button type="submit" disabled={created.fetching}>
          Create token
        </button>
      </form>
      {created.data ? (
        <SecretOnce label={`Token for ${created.data.createApiToken.apiToken.username}`} secret={created.data.createApiToken.token} />
      ) : null}
      {created.error && Object.keys(errors).length === 0 ? <ErrorMessage error={created.error} /> : null}
      {revocation.error ? <ErrorMessage error={revocation.error} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Prefix</th>
              <th scope="col">Roles and teams</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {data.apiTokens.map((t) => (
              <tr key={t.id}>
                <td>{t.username}</td>
                <td>
                  <code>{t.prefix}</code>
                </td>
                <td>{[...t.roles, ...t.teams].join(', ') || '—'}</td>
                <td>{t.expiresAt?.slice(0, 10) ?? 'never'}</td>
                <td>
                  {t.revokedAt ? (
                    `revoked ${t.revokedAt.slice(0, 10)}`
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke the token ${t.prefix} of ${t.username}`}
                      onClick={async () => {
                        const res = await revoke({ id: t.id });
                        if (!res.error) refresh();
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
