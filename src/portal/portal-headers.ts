/**
 * The portal's Content-Security-Policy: its own scripts, styles and API only. No inline script, no
 * third-party origin, nothing from a CDN; `style-src` allows the style attributes React sets for
 * syntax highlighting through the DOM (not inline <style> or <script> elements in the page).
 */
export const PORTAL_CSP_DIRECTIVES: Record<string, string[]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  connectSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * With OIDC sign-in, the portal also fetches the issuer's discovery document and redeems the code at
 * its token endpoint: that one origin joins `connect-src`. The redirects to the authorization and
 * end-session endpoints are navigations, which `connect-src` and `form-action` do not govern.
 */
export function portalCspDirectives(oidcIssuer?: string): Record<string, string[]> {
  if (!oidcIssuer) return PORTAL_CSP_DIRECTIVES;
  return { ...PORTAL_CSP_DIRECTIVES, connectSrc: ["'self'", new URL(oidcIssuer).origin] };
}

/**
 * The GraphQL explorer's page: the same policy, but its editor (Monaco, under GraphiQL) sets style
 * attributes and <style> elements as it lays out, so styles may be inline there, and its bundled
 * fonts come as data: URLs. Scripts stay
 * 'self' only. The explorer is loaded as a document of its own so that this policy applies to it alone.
 */
export const EXPLORER_CSP_DIRECTIVES = { ...PORTAL_CSP_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"], fontSrc: ["'self'", 'data:'] };

/** Hashed file names never change content: cache them for a year. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets: always revalidate it. */
export const INDEX_CACHE_CONTROL = 'no-cache';
