import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import { jwtLifetimeProblem } from './token-lifetime';

type JwtConfig = NonNullable<AppConfig['jwt']>;

export interface JwtIdentity {
  username: string;
  teams: string[];
  roles: string[];
}

/** Verifies OIDC/JWT bearer tokens against a JWKS file or URL and maps claims to a principal. */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: JwtConfig) {
    this.keys = config.jwksFile
      ? createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, 'utf8')))
      : createRemoteJWKSet(new URL(config.jwksUrl!));
  }

  /**
   * Throws on a bad signature, a wrong issuer or audience, and on a token that is expired, has no
   * expiry, or lives longer than the configured maximum.
   */
  async verify(token: string): Promise<JwtIdentity> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: this.config.issuer,
      audience: this.config.audience,
    });
    const problem = jwtLifetimeProblem(payload, Math.floor(Date.now() / 1000), this.config.maxLifetimeSeconds);
    if (problem) throw new Error(problem);
    const username = claim(payload, this.config.userClaim);
    if (typeof username !== 'string' || username === '') {
      throw new Error(`the token has no '${this.config.userClaim}' claim`);
    }
    return {
      username,
      teams: stringList(claim(payload, this.config.teamsClaim)),
      roles: stringList(claim(payload, this.config.rolesClaim)),
    };
  }
}

/** Claims may be nested (`realm_access.roles` in Keycloak); a dotted name walks into objects. */
function claim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
