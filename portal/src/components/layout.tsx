import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useQuery } from 'urql';
import { MeQuery } from '../graphql/operations';
import { useSession } from '../session/session-context';
import { ConnectionNotice } from './connection-notice';

export function Layout() {
  const { signOut } = useSession();
  const [{ data }] = useQuery({ query: MeQuery });
  // The steward and audit pages read what only stewards and admins may read.
  const operator = data?.me.roles.some((r) => r === 'steward' || r === 'admin') ?? false;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Charter</span>
        <nav aria-label="Main">
          <NavLink to="/catalogue">Catalogue</NavLink>
          <NavLink to="/requests">My requests</NavLink>
          <NavLink to="/approvals">My approvals</NavLink>
          <NavLink to="/team">My team</NavLink>
          {operator ? <NavLink to="/steward">Steward</NavLink> : null}
          {operator ? <NavLink to="/audit">Audit</NavLink> : null}
          {/* A document of its own: the explorer's editor needs a content-security policy of its own. */}
          <NavLink to="/explorer" reloadDocument>
            Explorer
          </NavLink>
        </nav>
        <span className="who">
          {data ? (
            <>
              Signed in as <strong data-testid="username">{data.me.username}</strong>
            </>
          ) : null}
        </span>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <ConnectionNotice />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
