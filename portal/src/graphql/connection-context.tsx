import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionMonitor, ConnectionState } from './connection-monitor';

const ConnectionContext = createContext<ConnectionMonitor | null>(null);

/** Hands the monitor to the notice, and lets the browser's hints (online, focus, visible) hurry a retry. */
export function ConnectionProvider({ monitor, children }: { monitor: ConnectionMonitor; children: ReactNode }) {
  useEffect(() => monitor.watch(window), [monitor]);
  return <ConnectionContext.Provider value={monitor}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): { state: ConnectionState; retryNow(): void } {
  const monitor = useContext(ConnectionContext);
  if (!monitor) throw new Error('useConnection outside ConnectionProvider');
  const state = useSyncExternalStore(monitor.subscribe, monitor.getState);
  return { state, retryNow: () => monitor.retryNow() };
}
