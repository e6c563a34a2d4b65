import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { TestApp } from './support/test-app';

describe('OIDC/JWT bearer tokens', () => {
  let app: TestApp;
  let trusted: KeyLike;
  let stranger: KeyLike;

  const sign = (key: KeyLike, claims: Record<string, unknown>, expiresIn = '5m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer('https://idp.example')
      .setAudience('charter')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    trusted = pair.privateKey as KeyLike;
    stranger = (await generateKeyPair('RS256')).privateKey as KeyLike;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const file = join(tmpdir(), `charter-jwks-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    app = await TestApp.start({
      CHARTER_JWT_JWKS_FILE: file,
      CHARTER_JWT_ISSUER: 'https://idp.example',
      CHARTER_JWT_AUDIENCE: 'charter',
      CHARTER_JWT_USER_CLAIM: 'preferred_username',
      CHARTER_JWT_TEAMS_CLAIM: 'groups',
      CHARTER_JWT_ROLES_CLAIM: 'realm_access.roles',
      CHARTER_JWT_MAX_LIFETIME_SECONDS: '3600',
    });
  });

  afterAll(() => app.close());

  it('maps configured claims to user, teams and roles', async () => {
    const jwt = await sign(trusted, {
      sub: 'u-1',
      preferred_username: 'carol',
      groups: ['risk'],
      realm_access: { roles: ['steward', 'viewer'] },
    });
    const res = await app.graphql('{ me { username teams roles via } }', {}, jwt);
    expect(res.data.me).toEqual({ username: 'carol', teams: ['risk'], roles: ['steward'], via: 'jwt' });
  });

  it('refuses a token signed by another key', async () => {
    const jwt = await sign(stranger, { preferred_username: 'mallory', realm_access: { roles: ['admin'] } });
    const res = await app.graphql('{ me { username } }', {}, jwt);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered token', async () => {
    const jwt = await sign(trusted, { preferred_username: 'dave', realm_access: { roles: [] } });
    const [header, , signature] = jwt.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        preferred_username: 'dave',
        realm_access: { roles: ['admin'] },
        iss: 'https://idp.example',
        aud: 'charter',
        exp: 9999999999,
      }),
    ).toString('base64url');
    const res = await app.graphql('{ me { username } }', {}, `${header}.${forged}.${signature}`);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token and one for another audience', async () => {
    const expired = await sign(trusted, { preferred_username: 'erin' }, '-1m');
    expect((await app.graphql('{ me { username } }', {}, expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const other = await new SignJWT({ preferred_username: 'erin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer('https://idp.example')
      .setAudience('another-app')
      .setExpirationTime('5m')
      .sign(trusted);
    expect((await app.graphql('{ me { username } }', {}, other)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  const unsigned = (claims: Record<string, unknown>) =>
    new SignJWT({ preferred_username: 'frank', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer('https://idp.example')
      .setAudience('charter');
  const now = () => Math.floor(Date.now() / 1000);
  const me = async (jwt: string) => await app.graphql('{ me { username } }', {}, jwt);

  it('refuses a correctly signed token without exp', async () => {
    const noExp = await unsigned({}).setIssuedAt().sign(trusted);
    const res = await me(noExp);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0].message).toBe('The credentials are invalid, revoked or expired.');
  });

  it('refuses a token that lives longer than CHARTER_JWT_MAX_LIFETIME_SECONDS, from iat or from now', async () => {
    // The suite allows one hour.
    const tooLong = await unsigned({})
      .setIssuedAt()
      .setExpirationTime(now() + 3600 + 120)
      .sign(trusted);
    expect((await me(tooLong)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const oldButLong = await unsigned({})
      .setIssuedAt(now() - 2 * 3600)
      .setExpirationTime(now() + 600)
      .sign(trusted);
    expect((await me(oldButLong)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const noIatTooLong = await unsigned({})
      .setExpirationTime(now() + 3600 + 120)
      .sign(trusted);
    expect((await me(noIatTooLong)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token within the maximum lifetime, with or without iat', async () => {
    const withIat = await unsigned({})
      .setIssuedAt()
      .setExpirationTime(now() + 3500)
      .sign(trusted);
    expect((await me(withIat)).data?.me).toEqual({ username: 'frank' });
    const withoutIat = await unsigned({})
      .setExpirationTime(now() + 3500)
      .sign(trusted);
    expect((await me(withoutIat)).data?.me).toEqual({ username: 'frank' });
  });
});
