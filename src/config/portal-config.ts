import { z } from 'zod';

/** Settings of the portal's sign-in; part of AppConfig. */
export const portalConfigShape = {
  /**
   * The portal's OIDC client (a public client: PKCE, no secret, which a browser could not keep).
   * Set, the sign-in page offers "Sign in with <issuer>" against CHARTER_JWT_ISSUER.
   */
  CHARTER_PORTAL_OIDC_CLIENT_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters without spaces (it is sent in URLs)')
    .optional(),
  CHARTER_PORTAL_OIDC_SCOPES: z
    .string()
    .transform((v) => v.split(/\s+/).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be space-separated OAuth scopes'))
        .refine((scopes) => scopes.includes('openid'), "must include 'openid' (the sign-in is OpenID Connect)"),
    )
    .default(['openid', 'profile']),
};

interface PortalRaw {
  CHARTER_PORTAL_OIDC_CLIENT_ID?: string;
  CHARTER_PORTAL_OIDC_SCOPES: string[];
  CHARTER_JWT_ISSUER?: string;
  CHARTER_JWT_JWKS_URL?: string;
  CHARTER_JWT_JWKS_FILE?: string;
}

export interface PortalOidcConfig {
  /** CHARTER_JWT_ISSUER: the portal signs in there, and the server accepts only tokens it issued. */
  issuer: string;
  clientId: string;
  scopes: string[];
}

export interface PortalConfig {
  oidc?: PortalOidcConfig;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A client id is only useful with an issuer to sign in at and keys to verify what it issues; one
 * without them would show a button whose tokens the server then refuses, so start-up refuses it.
 */
export function checkPortalConfig(c: PortalRaw, ctx: z.RefinementCtx) {
  if (!c.CHARTER_PORTAL_OIDC_CLIENT_ID) return;
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: ['CHARTER_PORTAL_OIDC_CLIENT_ID'], message });
  if (!c.CHARTER_JWT_ISSUER) return problem('needs CHARTER_JWT_ISSUER, the OIDC issuer the portal signs in with');
  if (!c.CHARTER_JWT_JWKS_URL && !c.CHARTER_JWT_JWKS_FILE) {
    return problem("needs CHARTER_JWT_JWKS_URL or CHARTER_JWT_JWKS_FILE, to verify the issuer's tokens");
  }
  let issuer: URL | undefined;
  try {
    issuer = new URL(c.CHARTER_JWT_ISSUER);
  } catch {
    // reported below
  }
  // Tokens and codes travel to the issuer: plain http only to this machine (development, tests).
  if (!issuer || !(issuer.protocol === 'https:' || (issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)))) {
    ctx.addIssue({
      code: 'custom',
      path: ['CHARTER_JWT_ISSUER'],
      message: 'must be an https:// URL when CHARTER_PORTAL_OIDC_CLIENT_ID is set (http:// only for localhost)',
    });
  }
}

export function portalConfigOf(c: PortalRaw): { portal: PortalConfig } {
  const clientId = c.CHARTER_PORTAL_OIDC_CLIENT_ID;
  return {
    portal: {
      oidc: clientId && c.CHARTER_JWT_ISSUER ? { issuer: c.CHARTER_JWT_ISSUER, clientId, scopes: c.CHARTER_PORTAL_OIDC_SCOPES } : undefined,
    },
  };
}
