import { PortalConfig } from '../config/portal-config';

/** Where the portal reads how it may sign in; public, as the sign-in page is shown before any token. */
export const SIGN_IN_OPTIONS_PATH = '/portal/sign-in-options.json';

/**
 * The portal's sign-in options: `oidc` is null when only pasted tokens are accepted. It holds only
 * what the browser sends to the issuer anyway (a public client has no secret).
 */
export interface SignInOptions {
  oidc: { issuer: string; clientId: string; scopes: string } | null;
}

export function signInOptions(portal: PortalConfig): SignInOptions {
  const oidc = portal.oidc;
  return { oidc: oidc ? { issuer: oidc.issuer, clientId: oidc.clientId, scopes: oidc.scopes.join(' ') } : null };
}
