import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useClient } from 'urql';
import { OidcSignIn, ProviderSignOut } from '../components/oidc-sign-in';
import { useTitle } from '../components/use-title';
import { MeQuery } from '../graphql/operations';
import { forgetOidcSignIn } from '../session/oidc';
import { takeNotice } from '../session/session';
import { useSession } from '../session/session-context';

/**
 * Paste an API token, or (when the server names an OIDC issuer) sign in there; either token is
 * checked with `me` before the portal uses it.
 */
export function SignInPage() {
  useTitle('Sign in');
  const session = useSession();
  const client = useClient();
  const [params] = useSearchParams();
  const [token, setToken] = useState('');
  const [notice] = useState(takeNotice);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next') ?? '/catalogue';
  const target = next.startsWith('/') && !next.startsWith('//') ? next : '/catalogue';
  if (session.token) return <Navigate to={target} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste an API token.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await client
      .query(MeQuery, {}, { requestPolicy: 'network-only', fetchOptions: { headers: { authorization: `Bearer ${value}` } } })
      .toPromise();
    setBusy(false);
    if (result.data) {
      forgetOidcSignIn();
      session.signIn(value);
    }
    else if (result.error?.networkError) setError('Charter cannot be reached right now. Try again in a moment.');
    else setError(result.error?.graphQLErrors[0]?.message ?? 'The token was refused.');
  }

  return (
    <main id="main" className="signin">
      <h1>Sign in to Charter</h1>
      {notice ? (
        <p role="alert" className="notice">
          {notice}
        </p>
      ) : null}
      <ProviderSignOut />
      <OidcSignIn next={target} />
      <form onSubmit={submit} noValidate>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error' : 'token-hint'}
        />
        <p id="token-hint" className="hint">
          The token is kept in this browser tab only (session storage) and sent as a Bearer token.
        </p>
        {error ? (
          <p id="token-error" role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
