import type { UserManager } from 'oidc-client-ts';

/** What the server tells the portal about signing in (GET /portal/sign-in-options.json). */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  scopes: string;
}

// Remembers, for this tab only, that the last sign-in went through the provider, so that the
// sign-in page can offer to end the provider's session too.
const VIA_OIDC = 'charter.signed-in-with-oidc';

let options: Promise<OidcOptions | null> | undefined;

/** The configured OIDC sign-in, or null; asked once per page load. */
export function oidcOptions(): Promise<OidcOptions | null> {
  options ??= fetch('/portal/sign-in-options.json', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? (res.json() as Promise<{ oidc: OidcOptions | null }>) : { oidc: null }))
    .then((body) => body.oidc)
    .catch(() => {
      options = undefined; // a network hiccup: ask again next time
      return null;
    });
  return options;
}

export function issuerHost(oidc: OidcOptions): string {
  return new URL(oidc.issuer).host;
}

/**
 * Authorization code with PKCE (oidc-client-ts' default for response_type `code`), as a public
 * client. The library is loaded only when someone signs in this way. The user it keeps is held in
 * memory only: the portal stores the access token itself, in the same place as a pasted token, so
 * that signing out forgets one thing. No silent renewal and no session monitoring: both need an
 * iframe on the issuer's origin, which the portal's content-security policy does not allow; an
 * expired token sends the user back to sign-in instead.
 */
async function userManager(oidc: OidcOptions): Promise<UserManager> {
  const { InMemoryWebStorage, UserManager: Manager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  return new Manager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    scope: oidc.scopes,
    response_type: 'code',
    redirect_uri: `${origin}/portal/auth/callback`,
    post_logout_redirect_uri: `${origin}/portal/signin`,
    // The PKCE verifier and state live in this tab only, like the token.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Leaves for the provider's sign-in page; `next` is where to go once back. */
export async function startOidcSignIn(oidc: OidcOptions, next: string): Promise<void> {
  const manager = await userManager(oidc);
  await manager.signinRedirect({ state: { next } });
}

export interface CompletedSignIn {
  accessToken: string;
  next: string;
}

let completion: Promise<CompletedSignIn> | undefined;

/**
 * Redeems the code on the callback URL (once: the code and the PKCE verifier are single-use, and a
 * component may mount twice). The access token is what Charter verifies: its `aud` is the API, not the portal.
 */
export function completeOidcSignIn(oidc: OidcOptions): Promise<CompletedSignIn> {
  completion ??= userManager(oidc)
    .then((manager) => manager.signinRedirectCallback())
    .then((user) => {
      const state = user.state as { next?: unknown } | undefined;
      const next = typeof state?.next === 'string' && state.next.startsWith('/') && !state.next.startsWith('//') ? state.next : '/catalogue';
      return { accessToken: user.access_token, next };
    });
  return completion;
}

export function rememberOidcSignIn(): void {
  sessionStorage.setItem(VIA_OIDC, '1');
}

export function signedInWithOidc(): boolean {
  return sessionStorage.getItem(VIA_OIDC) === '1';
}

export function forgetOidcSignIn(): void {
  sessionStorage.removeItem(VIA_OIDC);
}

/** The provider's end-session endpoint, if it has one (RP-initiated logout). */
export async function hasEndSession(oidc: OidcOptions): Promise<boolean> {
  const manager = await userManager(oidc);
  return Boolean(await manager.metadataService.getEndSessionEndpoint().catch(() => undefined));
}

/** Ends the session at the provider too; it sends the browser back to the sign-in page. */
export async function endProviderSession(oidc: OidcOptions): Promise<void> {
  forgetOidcSignIn();
  const manager = await userManager(oidc);
  await manager.signoutRedirect();
}
