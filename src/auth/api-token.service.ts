import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { USERNAME, USERNAME_RULE } from '../kernel/identifiers';
import { DomainError, forbidden, invalidInput, notFound } from '../kernel/domain-error';
import { generateTokenSecret, hashTokenSecret, TOKEN_PREFIX, tokenDisplayPrefix } from './api-token-secret';
import { ApiTokenEntity } from './api-token.entity';
import { apiTokenStore } from './api-token.store';
import { announceAuthChange } from './auth-change';
import { isAdmin, isRole, Principal } from './domain/principal';
import { apiTokenExpiry } from './token-lifetime';

export interface NewApiToken {
  username: string;
  teams?: string[];
  roles?: string[];
  description?: string;
  expiresAt?: Date;
  /** Only for the bootstrap token, whose value an operator may choose (CHARTER_BOOTSTRAP_TOKEN). */
  secret?: string;
  /**
   * Only for the bootstrap token: it is made once, on an empty database, and is the operator's
   * way in, so it does not lapse by itself; it is revoked like any other once real tokens exist.
   */
  bootstrap?: boolean;
}

export interface IssuedApiToken {
  /** The token itself: returned once, stored only as a hash. */
  secret: string;
  record: ApiTokenEntity;
}

@Injectable()
export class ApiTokenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'apiTokenMaxLifetimeDays'>,
  ) {}

  async create(actor: Principal, input: NewApiToken): Promise<IssuedApiToken> {
    if (!isAdmin(actor)) throw forbidden('Only admins can create API tokens.');
    const now = this.clock.now();
    validate(input, now);
    const expiresAt = input.bootstrap ? (input.expiresAt ?? null) : this.expiryOf(input.expiresAt, now);
    const secret = input.secret ?? generateTokenSecret();
    return this.dataSource.transaction(async (em) => {
      const record = await apiTokenStore.insert(em, {
        tokenHash: hashTokenSecret(secret),
        tokenPrefix: tokenDisplayPrefix(secret),
        username: input.username,
        teams: input.teams ?? [],
        roles: input.roles ?? [],
        description: input.description ?? null,
        createdBy: actor.username,
        expiresAt,
      });
      await this.audit.append(em, {
        actor: actor.username,
        action: 'api-token.created',
        targetType: 'api-token',
        targetId: record.id,
        details: { username: record.username, teams: record.teams, roles: record.roles, prefix: record.tokenPrefix },
      });
      return { secret, record };
    });
  }

  private expiryOf(requested: Date | undefined, now: Date): Date {
    const expiry = apiTokenExpiry(requested, now, this.config.apiTokenMaxLifetimeDays);
    if (expiry instanceof Date) return expiry;
    throw invalidInput('expiresAt', 'max-lifetime', expiry.problem);
  }

  async revoke(actor: Principal, id: string): Promise<ApiTokenEntity> {
    if (!isAdmin(actor)) throw forbidden('Only admins can revoke API tokens.');
    return this.dataSource.transaction(async (em) => {
      const token = await apiTokenStore.lockById(em, id);
      if (!token) throw notFound('API token', id);
      if (token.revokedAt) throw new DomainError('CONFLICT', `API token '${id}' is already revoked.`, { field: 'id', rule: 'not-revoked' });
      token.revokedAt = this.clock.now();
      token.revokedBy = actor.username;
      await apiTokenStore.save(em, token);
      await announceAuthChange(em, { kind: 'token', hash: token.tokenHash });
      await this.audit.append(em, {
        actor: actor.username,
        action: 'api-token.revoked',
        targetType: 'api-token',
        targetId: id,
        details: { username: token.username, prefix: token.tokenPrefix },
      });
      return token;
    });
  }

  async list(actor: Principal): Promise<ApiTokenEntity[]> {
    return apiTokenStore.list(this.dataSource.manager, isAdmin(actor) ? undefined : actor.username);
  }

  /** The live token with this secret, or undefined when unknown, revoked or expired. */
  async findActive(secret: string): Promise<ApiTokenEntity | undefined> {
    return this.findActiveByHash(hashTokenSecret(secret));
  }

  /** As `findActive`, from the hash of the secret (the key under which tokens are cached). */
  async findActiveByHash(tokenHash: string): Promise<ApiTokenEntity | undefined> {
    const token = await apiTokenStore.byHash(this.dataSource.manager, tokenHash);
    if (!token || token.revokedAt) return undefined;
    if (token.expiresAt && token.expiresAt <= this.clock.now()) return undefined;
    return token;
  }

  async count(): Promise<number> {
    return apiTokenStore.count(this.dataSource.manager);
  }
}

function validate(input: NewApiToken, now: Date) {
  if (!USERNAME.test(input.username)) {
    throw invalidInput('username', 'format', `'username' ${USERNAME_RULE}.`);
  }
  for (const role of input.roles ?? []) {
    if (!isRole(role)) throw invalidInput('roles', 'enum', `'roles' may contain only admin and steward, not '${role}'.`);
  }
  if (input.expiresAt && input.expiresAt <= now) {
    throw invalidInput('expiresAt', 'future', "'expiresAt' must be in the future.");
  }
  // A token without the prefix is taken for a JWT by the authenticator and could never be used.
  if (input.secret !== undefined && !input.secret.startsWith(TOKEN_PREFIX)) {
    throw invalidInput('secret', 'prefix', `A chosen token must start with '${TOKEN_PREFIX}'.`);
  }
  if (input.description && input.description.length > 500) {
    throw invalidInput('description', 'max-length', "'description' must be at most 500 characters.");
  }
}
