import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
  json: any;
  at: number;
}

/** What the receiver answers: a status, or `hang` to keep the request open (a stuck receiver). */
export type Reply = number | 'hang';

/** A local HTTP endpoint that records every webhook it gets and answers as the test says. */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  reply: (hook: ReceivedHook) => Reply = () => 200;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(): Promise<WebhookReceiver> {
    return new Promise((resolve) => {
      let receiver: WebhookReceiver;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const hook: ReceivedHook = { path: req.url ?? '/', headers: req.headers, body, json: safeJson(body), at: Date.now() };
          receiver.received.push(hook);
          const reply = receiver.reply(hook);
          if (reply === 'hang') return;
          res.writeHead(reply, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        receiver = new WebhookReceiver(server, typeof address === 'object' && address ? address.port : 0);
        resolve(receiver);
      });
    });
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Hooks matching `predicate`, once at least `count` of them arrived (or fails after the timeout). */
  async waitFor(predicate: (h: ReceivedHook) => boolean, count = 1, timeoutMs = 20_000): Promise<ReceivedHook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.received.filter(predicate);
      if (hits.length >= count) return hits;
      if (Date.now() > deadline)
        throw new Error(`waited ${timeoutMs} ms for ${count} webhook(s); got ${hits.length} of ${this.received.length} received`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
