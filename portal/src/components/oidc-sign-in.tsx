import { useEffect, useState } from 'react';
import {
  endProviderSession,
  forgetOidcSignIn,
  hasEndSession,
  issuerHost,
  oidcOptions,
  signedInWithOidc,
  startOidcSignIn,
  type OidcOptions,
} from '../session/oidc';

/** The configured OIDC sign-in, once known (null while asking or when there is none). */
function useOidcOptions(): OidcOptions | null {
  const [oidc, setOidc] = useState<OidcOptions | null>(null);
  useEffect(() => {
    let live = true;
    void oidcOptions().then((o) => live && setOidc(o));
    return () => {
      live = false;
    };
  }, []);
  return oidc;
}

/** "Sign in with <issuer>": leaves for the provider, which sends the browser back to /auth/callback. */
export function OidcSignIn({ next }: { next: string }) {
  const oidc = useOidcOptions();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!oidc) return null;
  const host = issuerHost(oidc);

  async function start(o: OidcOptions) {
    setBusy(true);
    setError(null);
    try {
      await startOidcSignIn(o, next);
    } catch {
      setBusy(false);
      setError(`${host} cannot be reached right now. Try again in a moment, or paste an API token.`);
    }
  }

  return (
    <section aria-labelledby="oidc-heading" className="card">
      <h2 id="oidc-heading">Single sign-on</h2>
      <button type="button" onClick={() => void start(oidc)} disabled={busy} aria-describedby={error ? 'oidc-error' : undefined}>
        Sign in with {host}
      </button>
      {error ? (
        <p id="oidc-error" role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/**
 * After signing out of Charter, someone who had signed in through the provider may still hold a
 * session there; this offers to end it too, when the provider has an end-session endpoint.
 */
export function ProviderSignOut() {
  const oidc = useOidcOptions();
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    if (!oidc || !signedInWithOidc()) return;
    let live = true;
    void hasEndSession(oidc).then((yes) => live && setOffered(yes));
    return () => {
      live = false;
    };
  }, [oidc]);
  if (!oidc || !offered) return null;
  const host = issuerHost(oidc);
  return (
    <section aria-labelledby="provider-signout-heading" className="card">
      <h2 id="provider-signout-heading">Still signed in at {host}</h2>
      <p>You are signed out of Charter. Your session at {host} may still be open in this browser.</p>
      <div className="actions">
        <button type="button" onClick={() => void endProviderSession(oidc)}>
          Sign out of {host} too
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            forgetOidcSignIn();
            setOffered(false);
          }}
        >
          Keep it
        </button>
      </div>
    </section>
  );
}
