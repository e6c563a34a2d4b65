import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createClient } from '../graphql/client';
import { getToken, signIn as storeToken, signOut as forgetToken } from './session';

interface Session {
  token: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in token and the GraphQL client that sends it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(getToken);
  const client = useMemo(() => createClient(() => setToken(null)), []);
  const session = useMemo<Session>(
    () => ({
      token,
      signIn(t) {
        storeToken(t);
        setToken(t);
      },
      signOut(notice) {
        forgetToken(notice);
        setToken(null);
      },
    }),
    [token],
  );
  return (
    <SessionContext.Provider value={session}>
      {/* A new provider key per token: nothing cached for one user is shown to the next. */}
      <Provider key={token ?? 'anonymous'} value={client}>
        {children}
      </Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
