import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createClient } from '../graphql/client';
import { ConnectionProvider } from '../graphql/connection-context';
import { ConnectionMonitor } from '../graphql/connection-monitor';
import { getToken, signIn as storeToken, signOut as forgetToken } from './session';

interface Session {
  token: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in token, the GraphQL client that sends it, and the watch on the connection to Charter. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(getToken);
  const monitor = useMemo(() => new ConnectionMonitor(), []);
  const client = useMemo(() => createClient(() => setToken(null), monitor), [monitor]);
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
      <ConnectionProvider monitor={monitor}>
        {/* A new provider key per token: nothing cached for one user is shown to the next. */}
        <Provider key={token ?? 'anonymous'} value={client}>
          {children}
        </Provider>
      </ConnectionProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
