import { DataSource } from 'typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../kernel/domain-error';
import { teamStore } from '../catalogue/teams/team.store';
import { safeErrorMessage } from '../kernel/error-serializer';
import { hashTokenSecret, TOKEN_PREFIX } from './api-token-secret';
import { ApiTokenService } from './api-token.service';
import { JwtVerifier } from './jwt-verifier';
import { ANONYMOUS, isRole, Principal, Role } from './domain/principal';
import { PrincipalCache } from './principal-cache';

const INVALID = 'The credentials are invalid, revoked or expired.';
const UNSUPPORTED_SCHEME = "The Authorization header must be 'Bearer <token>' or 'Basic <credentials>'.";

/** Turns an Authorization header into a principal; no header gives the anonymous principal. */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger(Authenticator.name);
  private readonly jwt?: JwtVerifier;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tokens: ApiTokenService,
    private readonly cache: PrincipalCache,
  ) {
    this.jwt = config.jwt ? new JwtVerifier(config.jwt) : undefined;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) return ANONYMOUS;
    const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
    switch (scheme.toLowerCase()) {
      case 'bearer':
        return this.fromSecret(value);
      case 'basic':
        // Kafka serializers send registry credentials as basic auth: the token is the password.
        return this.fromSecret(basicPassword(value));
      default:
        // Whatever stands where the scheme should be is often the credential itself (a token sent
        // without 'Bearer '): it is neither repeated to the caller nor logged.
        throw new DomainError('UNAUTHENTICATED', UNSUPPORTED_SCHEME);
    }
  }

  private async fromSecret(secret: string): Promise<Principal> {
    if (secret.startsWith(TOKEN_PREFIX)) return this.fromApiToken(secret);
    if (this.jwt) return this.fromJwt(secret);
    throw new DomainError('UNAUTHENTICATED', INVALID);
  }

  private async fromApiToken(secret: string): Promise<Principal> {
    const hash = hashTokenSecret(secret);
    const token = await this.cache.token(hash, () => this.tokens.findActiveByHash(hash));
    if (!token) throw new DomainError('UNAUTHENTICATED', INVALID);
    return {
      authenticated: true,
      username: token.username,
      teams: await this.withMemberships(token.username, token.teams),
      roles: token.roles.filter(isRole),
      via: 'api-token',
      tokenId: token.id,
    };
  }

  private async fromJwt(jwt: string): Promise<Principal> {
    try {
      const identity = await this.jwt!.verify(jwt);
      return {
        authenticated: true,
        username: identity.username,
        teams: await this.withMemberships(identity.username, identity.teams),
        roles: identity.roles.filter(isRole) as Role[],
        via: 'jwt',
      };
    } catch (err) {
      // The reason helps operators; the caller learns only that the credentials were refused.
      this.logger.warn(`JWT refused: ${safeErrorMessage(err)}`);
      throw new DomainError('UNAUTHENTICATED', INVALID);
    }
  }

  private async withMemberships(username: string, claimed: readonly string[]): Promise<string[]> {
    const recorded = await this.cache.teamsOf(username, () => teamStore.slugsOfMember(this.dataSource.manager, username));
    return [...new Set([...claimed, ...recorded])].sort();
  }
}

function basicPassword(encoded: string): string {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : decoded;
}
