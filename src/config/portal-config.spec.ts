import { ConfigError, loadConfig } from './app-config';

const JWT = { CHARTER_JWT_ISSUER: 'https://idp.example/realms/main', CHARTER_JWT_JWKS_URL: 'https://idp.example/realms/main/certs' };

describe('portal OIDC sign-in settings', () => {
  it('are off unless a client id is set', () => {
    expect(loadConfig({ ...JWT }).portal.oidc).toBeUndefined();
  });

  it('sign in at CHARTER_JWT_ISSUER with the default scopes', () => {
    expect(loadConfig({ ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'charter-portal' }).portal.oidc).toEqual({
      issuer: 'https://idp.example/realms/main',
      clientId: 'charter-portal',
      scopes: ['openid', 'profile'],
    });
  });

  it('take space-separated scopes', () => {
    const config = loadConfig({ ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'p', CHARTER_PORTAL_OIDC_SCOPES: ' openid  groups email ' });
    expect(config.portal.oidc?.scopes).toEqual(['openid', 'groups', 'email']);
  });

  it('allow a plain http issuer on this machine only', () => {
    const local = { CHARTER_JWT_ISSUER: 'http://127.0.0.1:9000', CHARTER_JWT_JWKS_URL: 'http://127.0.0.1:9000/jwks' };
    expect(loadConfig({ ...local, CHARTER_PORTAL_OIDC_CLIENT_ID: 'p' }).portal.oidc?.issuer).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ CHARTER_PORTAL_OIDC_CLIENT_ID: 'p' }, 'CHARTER_PORTAL_OIDC_CLIENT_ID: needs CHARTER_JWT_ISSUER'],
    [
      { CHARTER_PORTAL_OIDC_CLIENT_ID: 'p', CHARTER_JWT_ISSUER: 'https://idp.example' },
      'CHARTER_PORTAL_OIDC_CLIENT_ID: needs CHARTER_JWT_JWKS_URL or',
    ],
    [
      { ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'p', CHARTER_JWT_ISSUER: 'http://idp.example' },
      'CHARTER_JWT_ISSUER: must be an https:// URL',
    ],
    [{ ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'p', CHARTER_JWT_ISSUER: 'idp' }, 'CHARTER_JWT_ISSUER: must be an https:// URL'],
    [{ ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'has space' }, 'CHARTER_PORTAL_OIDC_CLIENT_ID: must be 1 to 200 printable'],
    [
      { ...JWT, CHARTER_PORTAL_OIDC_CLIENT_ID: 'p', CHARTER_PORTAL_OIDC_SCOPES: 'profile email' },
      "CHARTER_PORTAL_OIDC_SCOPES: must include 'openid'",
    ],
  ])('refuse %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
