import { connect } from 'node:net';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Sends raw bytes and resolves with everything the server answers until it closes or `waitMs` passes. */
function rawExchange(url: string, request: string, waitMs: number): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

/** Request ids, security headers and refusals that happen before a body is read. */
describe('HTTP: headers and ids', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ CHARTER_MAX_BODY_BYTES: '4096' });
  });
  afterAll(() => app.close());

  describe('X-Request-Id', () => {
    it("keeps a caller's short, safe id as the correlation id", async () => {
      for (const id of ['trace-42', 'a.b_c:d-1', 'x'.repeat(64)]) {
        const res = await app.fetch('/subjects', { headers: { 'x-request-id': id } });
        expect(res.headers.get('x-request-id')).toBe(id);
      }
    });

    it('replaces a long or unsafe id with a fresh one, on REST and GraphQL alike', async () => {
      for (const id of ['x'.repeat(65), 'a b', '{"level":50,"msg":"forged"}', '../../etc', 'a,b']) {
        const res = await app.fetch('/subjects', { headers: { 'x-request-id': id } });
        expect(res.headers.get('x-request-id')).toMatch(UUID);
      }
      const gql = await app.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'evil\tid' },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      expect(gql.headers.get('x-request-id')).toMatch(UUID);
    });

    it('gives every request without one its own id', async () => {
      const [a, b] = await Promise.all([app.fetch('/health/live'), app.fetch('/health/live')]);
      expect(a.headers.get('x-request-id')).toMatch(UUID);
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    });
  });

  describe('security headers', () => {
    const expectSecurityHeaders = (res: Response) => {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    };

    it('are on JSON answers, errors, metrics and GraphQL', async () => {
      expectSecurityHeaders(await app.fetch('/subjects'));
      expectSecurityHeaders(await app.fetch('/no-such-page'));
      expectSecurityHeaders(await app.fetch('/metrics'));
      expectSecurityHeaders(await app.fetch('/subjects', { method: 'PATCH' }));
      expectSecurityHeaders(
        await app.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { username } }' }),
        }),
      );
    });

    it('do not advertise the server software', async () => {
      const res = await app.fetch('/subjects');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('server')).toBeNull();
    });
  });

  describe('body limit', () => {
    it('answers 413 in the registry shape as soon as the declared Content-Length is over the limit, without waiting for the body', async () => {
      const request = [
        'POST /subjects/limited/versions HTTP/1.1',
        `Host: 127.0.0.1`,
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        'Content-Type: application/vnd.schemaregistry.v1+json',
        'Content-Length: 10000000000',
        '',
        '',
      ].join('\r\n');
      // The body is never sent: only an answer that needs none arrives within the wait.
      const { text } = await rawExchange(app.url, request, 5_000);
      const [head, body] = text.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 413 /);
      expect(head.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(body)).toEqual({ error_code: 413, message: 'The request body is larger than the limit of 4096 bytes.' });
    });

    it('is the same answer for a body that is sent, and for a chunked body that grows past it', async () => {
      const big = Buffer.from(JSON.stringify({ schema: 'x'.repeat(5000) }));
      const res = await app.fetch('/subjects/limited/versions', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: big,
      });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 413,
        body: { error_code: 413, message: 'The request body is larger than the limit of 4096 bytes.' },
      });
      const chunked = new ReadableStream({
        start(controller) {
          controller.enqueue(big);
          controller.close();
        },
      });
      const streamed = await app.fetch('/subjects/limited/versions', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: chunked,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(((await streamed.json()) as { error_code: number }).error_code).toBe(413);
    });
  });

  describe('paths', () => {
    it('matches paths regardless of case and a trailing slash, as registry clients expect', async () => {
      expect((await app.fetch('/Subjects/')).status).toBe(200);
      expect((await app.fetch('/schemas/types/')).status).toBe(200);
    });

    it('answers a path with broken percent-encoding with 400 in the registry shape', async () => {
      const res = await app.fetch('/subjects/%E0%A4%A/versions');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error_code: number }).error_code).toBe(400);
    });
  });
});
