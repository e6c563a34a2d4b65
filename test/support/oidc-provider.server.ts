/**
 * A real OpenID Provider (panva's oidc-provider) for the portal's sign-in test, run as a process of
 * its own: oidc-provider is an ES module, which Node's own require loads but Jest's does not.
 * One public client (PKCE, no secret), the development login form (any login, any password),
 * JWT access tokens for Charter's audience through resource indicators, and a `groups` claim.
 *
 * Environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_PORTAL_ORIGIN (the Charter under test), OIDC_AUDIENCE,
 * OIDC_GROUPS (JSON: login → groups), OIDC_SHORT_LIVED (a login whose access tokens live 20 s).
 * Prints `ready <issuer>` once it listens.
 */
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main() {
  const port = Number(env('OIDC_PORT'));
  const issuer = `http://127.0.0.1:${port}`;
  const portal = env('OIDC_PORTAL_ORIGIN');
  const audience = env('OIDC_AUDIENCE');
  const groups = JSON.parse(env('OIDC_GROUPS')) as Record<string, string[]>;
  const shortLived = process.env.OIDC_SHORT_LIVED;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const key = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: env('OIDC_CLIENT_ID'),
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${portal}/portal/auth/callback`],
        post_logout_redirect_uris: [`${portal}/portal/signin`],
      },
    ],
    jwks: { keys: [key] },
    cookies: { keys: ['a-test-cookie-signing-key-0123456789'] },
    pkce: { required: () => true },
    // The portal's origin may call discovery and the token endpoint from the browser.
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === portal,
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The portal asks for no resource: the provider decides the API's audience, as
        // Keycloak's audience mapper or an authorization server's default audience would.
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'openid profile', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    ttl: {
      AccessToken: (_ctx: unknown, token: { accountId?: string }) => (token.accountId === shortLived ? 20 : 600),
    },
    claims: { openid: ['sub'], profile: ['name', 'groups'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, name: id, groups: groups[id] ?? [] }),
    }),
    // Charter reads the teams from the access token, which by default carries only `sub`.
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => ({ groups: groups[token.accountId ?? ''] ?? [] }),
  });
  provider.on('server_error', (_ctx, err) => console.error(`provider error: ${err.stack}`));
  provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
