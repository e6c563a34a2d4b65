/**
 * Whether Charter answers, and when to ask again. Framework-free: the urql exchange reports what
 * each answer said, the notice renders the state, the window's events ask for an early attempt.
 *
 * - `unreachable`: no answer at all (connection refused or reset, or a proxy's 5xx);
 * - `degraded`: Charter answers 503 SERVICE_UNAVAILABLE because its database is away; it still
 *   serves what is cached, but nothing can be saved.
 */
export type ConnectionStatus = 'online' | 'unreachable' | 'degraded';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Attempts made since the outage began. */
  attempts: number;
  /** When the next automatic attempt starts (epoch ms), or null while one runs or all is well. */
  nextAttemptAt: number | null;
  checking: boolean;
}

/** 2 s, 4 s, 8 s, then every 10 s; never sooner than the server's Retry-After. */
export function retryDelayMs(attempts: number, retryAfterSeconds?: number): number {
  const schedule = [2_000, 4_000, 8_000];
  const backoff = schedule[attempts] ?? 10_000;
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface Retrier {
  /** Sends the page's queries again (or a small one when none is open); answers come back through the reports. */
  probe(): void;
  /** Once Charter answers again: re-runs the open queries whose last answer was an outage. */
  recovered(): void;
}

const IDLE: Retrier = { probe() {}, recovered() {} };

export class ConnectionMonitor {
  private state: ConnectionState = { status: 'online', attempts: 0, nextAttemptAt: null, checking: false };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retrier: Retrier = IDLE;

  attach(retrier: Retrier): void {
    this.retrier = retrier;
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An answer said Charter cannot serve it now. */
  failed(status: Exclude<ConnectionStatus, 'online'>, retryAfterSeconds?: number): void {
    // Several open queries fail together: the first schedules the next attempt, the others only say how.
    if (this.timer !== null) {
      if (status !== this.state.status) this.set({ status });
      return;
    }
    const delay = retryDelayMs(this.state.attempts, retryAfterSeconds);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.set({ attempts: this.state.attempts + 1, nextAttemptAt: null, checking: true });
      this.retrier.probe();
    }, delay);
    this.set({ status, checking: false, nextAttemptAt: Date.now() + delay });
  }

  /** Charter answered (with data, or with an error that is not an outage). */
  answered(): void {
    if (this.state.status === 'online') return;
    this.clearTimer();
    this.set({ status: 'online', attempts: 0, nextAttemptAt: null, checking: false });
    this.retrier.recovered();
  }

  /** "Try now", or a sign that the network or the person is back (online, focus, visible again). */
  retryNow(): void {
    if (this.state.status === 'online' || this.state.checking) return;
    this.clearTimer();
    this.set({ attempts: this.state.attempts + 1, nextAttemptAt: null, checking: true });
    this.retrier.probe();
  }

  /** Listens to the browser's hints that trying again may now work; returns the way to stop. */
  watch(target: Window): () => void {
    const early = () => {
      if (target.document.visibilityState === 'visible') this.retryNow();
    };
    target.addEventListener('online', early);
    target.addEventListener('focus', early);
    target.document.addEventListener('visibilitychange', early);
    return () => {
      target.removeEventListener('online', early);
      target.removeEventListener('focus', early);
      target.document.removeEventListener('visibilitychange', early);
      this.clearTimer();
    };
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(change: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
