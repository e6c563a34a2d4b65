import { useEffect, useState } from 'react';
import { useConnection } from '../graphql/connection-context';

const MESSAGES = {
  unreachable: 'Charter cannot be reached. What is on screen may be out of date, and nothing can be saved until it is back.',
  degraded:
    'Charter is running without its database. Pages already loaded may still show their data, but changes cannot be saved until it is back.',
} as const;

/**
 * Says that Charter is away or degraded and when the next attempt is; goes once Charter answers, and
 * the page's queries then run again by themselves. The alert's text stays still while the
 * countdown beside it ticks, so a screen reader announces the outage once, not every second.
 */
export function ConnectionNotice() {
  const { state, retryNow } = useConnection();
  const now = useSecondTicks(state.nextAttemptAt !== null);
  if (state.status === 'online') return null;
  const seconds = state.nextAttemptAt === null ? null : Math.max(0, Math.ceil((state.nextAttemptAt - now) / 1000));
  return (
    <section className="notice connection" aria-label="Connection to Charter" data-testid="connection-notice" data-status={state.status}>
      <p role="alert">{MESSAGES[state.status]}</p>
      <p className="actions">
        <span>{state.checking || seconds === null ? 'Trying again…' : `Trying again in ${seconds} s.`}</span>
        <button type="button" onClick={retryNow} disabled={state.checking}>
          Try now
        </button>
      </p>
    </section>
  );
}

function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
