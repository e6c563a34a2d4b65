import { readdirSync, readFileSync } from 'node:fs';
import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { portalDirectory } from '../src/portal/portal-files';
import { TestApp } from './support/test-app';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The built portal as Charter serves it: caching, CSP, the SPA fallback and the redirect from `/`. */
describe('portal serving', () => {
  let app: TestApp;
  const assets = readdirSync(join(portalDirectory(join(__dirname, '..', 'src', 'portal')), 'assets'));
  const script = assets.find((f) => /^index-[\w-]+\.js$/.test(f));

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

  it('answers /portal with index.html, never cached, under a CSP without inline scripts or other origins', async () => {
    const res = await get('/portal');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    const html = await res.text();
    expect(html).toContain(`/portal/assets/${script}`);
    // No inline script: every <script> element loads a file from the portal itself.
    for (const tag of html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? [])
      expect(tag).toMatch(/src="\/portal\/assets\/[^"]+"><\/script>$/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('tells the sign-in page, without a token, that only pasted tokens are accepted when no OIDC client is set', async () => {
    const res = await get('/portal/sign-in-options.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ oidc: null });
  });

  it('lets the GraphQL explorer (and only it) use inline styles, which its editor needs; scripts stay its own', async () => {
    const explorer = (await get('/portal/explorer')).headers.get('content-security-policy') ?? '';
    expect(explorer).toContain("style-src 'self' 'unsafe-inline'");
    expect(explorer).toContain("script-src 'self';");
    expect(explorer).not.toMatch(/https?:/);
    for (const path of ['/portal/catalogue', '/portal/explorer/x', '/portal/audit']) {
      expect([path, (await get(path)).headers.get('content-security-policy')]).not.toEqual([
        path,
        expect.stringContaining('unsafe-inline'),
      ]);
    }
  });

  it('answers every client-side route with the same index.html (the SPA fallback)', async () => {
    for (const path of ['/portal/', '/portal/catalogue?q=card', '/portal/topics/payments.card-authorised.v1']) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets as immutable for a year, and a missing asset as 404 (not the page)', async () => {
    expect(script).toBeDefined();
    const res = await get(`/portal/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await get('/portal/assets/index-00000000.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it('sends compressed copies of assets to clients that accept them, and the plain file to others', async () => {
    const plain = readFileSync(join(portalDirectory(join(__dirname, '..', 'src', 'portal')), 'assets', script!));
    const raw = (acceptEncoding?: string) =>
      rawGet(`${app.url}/portal/assets/${script}`, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});

    const br = await raw('gzip, deflate, br');
    expect([br.status, br.headers['content-encoding'], br.headers['cache-control']]).toEqual([
      200,
      'br',
      'public, max-age=31536000, immutable',
    ]);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);

    const gzip = await raw('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain)).toBe(true);

    const identity = await raw();
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(plain)).toBe(true);
  });

  it('sends a browser asking for / to the portal; registry clients still get {}', async () => {
    const browser = await get('/', { accept: BROWSER_ACCEPT });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/portal');
    for (const accept of [
      undefined,
      '*/*',
      'application/json',
      'application/vnd.schemaregistry.v1+json',
      'application/vnd.schemaregistry.v1+json, application/json; q=0.9',
    ]) {
      const res = await get('/', accept ? { accept } : {});
      expect([accept, res.status, res.headers.get('content-type'), await res.json()]).toEqual([
        accept,
        200,
        expect.stringMatching(/json/),
        {},
      ]);
    }
  });

  it('still refuses anonymous GraphQL', async () => {
    const res = await app.graphql('{ me { username } }', {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** The bytes as sent (fetch would decompress them and add its own Accept-Encoding). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
