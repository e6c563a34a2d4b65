/**
 * Concurrent writes through every live replica, and the ledger of what was acknowledged: a write
 * counts only when Charter answered 200 with the new id, as a producer or a pipeline would rely on.
 */
import { Replica, TOKEN } from './stack';

const REGISTRY_TYPE = 'application/vnd.schemaregistry.v1+json';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Ack {
  kind: 'registration' | 'team';
  /** The subject, or the team's slug. */
  key: string;
  /** The schema id, or the team's id. */
  id: string;
  sentAt: number;
  answeredAt: number;
}

export interface LoadOptions {
  workers: number;
  subjects: number;
}

export class Load {
  readonly acks: Ack[] = [];
  attempts = 0;
  refused = 0;
  /** Why writes were not acknowledged: HTTP status, or the network error. */
  private readonly failures = new Map<string, Map<string, number>>();
  /** Which part of the drill runs now: refusals are counted per part. */
  phase = 'steady load';
  private running = false;
  private done?: Promise<void>;
  private next = 0;

  constructor(
    private readonly replicas: Replica[],
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    this.running = true;
    this.done = Promise.all(Array.from({ length: this.options.workers }, (_, w) => this.worker(w))).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** The first write acknowledged that was sent after `at`: the end of an outage started at `at`. */
  firstAckAfter(at: number): Ack | undefined {
    return this.acks.filter((a) => a.sentAt >= at).sort((a, b) => a.answeredAt - b.answeredAt)[0];
  }

  async waitForAckAfter(at: number, timeoutMs: number): Promise<Ack | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const ack = this.firstAckAfter(at);
      if (ack) return ack;
      await sleep(25);
    }
    return undefined;
  }

  /** e.g. `HTTP 503: 1,200; connection refused: 80`. */
  outcomes(phase: string): string {
    const counts = this.failures.get(phase) ?? new Map<string, number>();
    return (
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n.toLocaleString('en-US')}`)
        .join('; ') || 'none'
    );
  }

  private fail(reason: string): Promise<void> {
    this.refused++;
    const counts = this.failures.get(this.phase) ?? new Map<string, number>();
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    this.failures.set(this.phase, counts);
    return sleep(50);
  }

  private pick(): Replica | undefined {
    const live = this.replicas.filter((r) => r.up);
    // Replicas marked down are still tried now and then, as a load balancer's health check would.
    const pool = live.length && this.next % 10 !== 0 ? live : this.replicas;
    return pool[this.next++ % pool.length];
  }

  private async worker(w: number): Promise<void> {
    for (let i = 0; this.running; i++) {
      const replica = this.pick();
      if (!replica) return;
      this.attempts++;
      const sentAt = performance.now();
      try {
        const ack =
          i % 3 === 2
            ? await this.createTeam(replica, `chaos-${w}-${i}`)
            : await this.register(replica, `chaos-${(w + i) % this.options.subjects}-value`, `w${w}_n${i}`);
        if ('id' in ack) this.acks.push({ ...ack, sentAt, answeredAt: performance.now() });
        else await this.fail(`HTTP ${ack.status}`);
      } catch (err) {
        // A refused connection or a timeout is no acknowledgement.
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        await this.fail(cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'TimeoutError' ? 'timeout' : cause);
      }
      if (!this.running) break;
    }
  }

  /**
   * A new version of a shared subject: the record keeps `id` and gains one optional field of its
   * own, so it is new and BACKWARD-compatible with whichever version happens to be the latest.
   */
  private async register(
    replica: Replica,
    subject: string,
    field: string,
  ): Promise<Omit<Ack, 'sentAt' | 'answeredAt'> | { status: string }> {
    const schema = {
      type: 'record',
      name: 'ChaosEvent',
      namespace: 'com.acme.chaos',
      fields: [
        { name: 'id', type: 'string' },
        { name: field, type: ['null', 'long'], default: null },
      ],
    };
    const res = await fetch(`${replica.url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': REGISTRY_TYPE },
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => undefined)) as { id?: number } | undefined;
    if (res.status === 200 && typeof body?.id === 'number') return { kind: 'registration', key: subject, id: String(body.id) };
    return { status: `${res.status} REST ${(body as { error_code?: number } | undefined)?.error_code ?? ''}`.trim() };
  }

  private async createTeam(replica: Replica, slug: string): Promise<Omit<Ack, 'sentAt' | 'answeredAt'> | { status: string }> {
    const res = await fetch(`${replica.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { createTeam(input: { slug: "${slug}", name: "${slug}" }) { id } }` }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => undefined)) as
      { data?: { createTeam?: { id?: string } }; errors?: Array<{ extensions?: { code?: string } }> } | undefined;
    const id = body?.data?.createTeam?.id;
    if (res.status === 200 && !body?.errors && id) return { kind: 'team', key: slug, id: String(id) };
    return { status: `${res.status} GraphQL ${body?.errors?.[0]?.extensions?.code ?? ''}`.trim() };
  }
}
