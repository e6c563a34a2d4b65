import { useEffect, useState } from 'react';
import { Navigate } from 'react-router';
import { useClient, type Client } from 'urql';
import { useTitle } from '../components/use-title';
import { MeQuery } from '../graphql/operations';
import { completeOidcSignIn, issuerHost, oidcOptions, rememberOidcSignIn } from '../session/oidc';
import { useSession } from '../session/session-context';

let finished: Promise<{ token: string; next: string }> | undefined;

/** Redeems the code and has Charter check the token, once per page load whatever re-renders. */
function finishSignIn(client: Client): Promise<{ token: string; next: string }> {
  finished ??= (async () => {
    const oidc = await oidcOptions();
    if (!oidc) throw new Error('single sign-on is not configured on this Charter');
    let signedIn;
    try {
      signedIn = await completeOidcSignIn(oidc);
    } catch (err) {
      throw new Error(`${issuerHost(oidc)} did not complete it (${err instanceof Error ? err.message : String(err)})`);
    }
    const headers = { authorization: `Bearer ${signedIn.accessToken}` };
    const result = await client.query(MeQuery, {}, { requestPolicy: 'network-only', fetchOptions: { headers } }).toPromise();
    if (!result.data) throw new Error(result.error?.graphQLErrors[0]?.message ?? 'Charter cannot be reached right now');
    return { token: signedIn.accessToken, next: signedIn.next };
  })();
  return finished;
}

/** Where the provider sends the browser back with a code (redirect_uri `<origin>/portal/auth/callback`). */
export function AuthCallbackPage() {
  useTitle('Signing in');
  const session = useSession();
  const client = useClient();
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    finishSignIn(client).then(
      ({ token, next: target }) => {
        rememberOidcSignIn();
        session.signIn(token);
        if (live) setNext(target);
      },
      (err: unknown) => {
        session.signOut(`Single sign-on failed: ${err instanceof Error ? err.message : String(err)}. Try again, or paste an API token.`);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
    // Runs once: the code in the URL can be redeemed only once.
  }, []);

  if (failed) return <Navigate to="/signin" replace />;
  if (session.token && next) return <Navigate to={next} replace />;
  return (
    <main id="main" className="signin">
      <h1>Signing in</h1>
      <p role="status">Completing the sign-in…</p>
    </main>
  );
}
