import { Injectable, Logger } from '@nestjs/common';
import { AuthenticatedRequest } from '../auth/request-principal';
import { DomainError } from '../kernel/domain-error';
import { Metrics } from './metrics';

export interface Refusal {
  protocol: 'graphql' | 'rest';
  /** Bounded: a route pattern (`POST /subjects/:subject/versions`) or a GraphQL field (`Mutation.revokeGrant`). */
  action: string;
  /** What was acted on, as the caller named it (ids, names; never a secret). */
  resource: string;
  correlationId: string;
}

/** Argument names that identify what an operation acts on; anything else (secrets, bodies) is left out. */
const RESOURCE_KEYS = ['id', 'team', 'topic', 'subject', 'name', 'slug', 'requestingTeam', 'username', 'ownerTeam'];

/**
 * Refused authorization made visible: every refusal is logged at warn with who, what and on
 * which resource, and counted. Only FORBIDDEN counts, and UNAUTHENTICATED when a credential was
 * presented and rejected (a missing one is the ordinary anonymous case). The credential itself,
 * and the message of an authentication failure, never reach the log.
 */
@Injectable()
export class Refusals {
  private readonly logger = new Logger('Authorization');
  /** Refusals already told, so that a later catch-all (the GraphQL error hook) does not tell them twice. */
  private readonly noted = new WeakSet<object>();

  constructor(private readonly metrics: Metrics) {}

  note(exception: unknown, req: AuthenticatedRequest | undefined, refusal: Refusal): void {
    if (!(exception instanceof DomainError) || this.noted.has(exception)) return;
    this.noted.add(exception);
    const badCredential = exception.code === 'UNAUTHENTICATED' && req?.authError !== undefined;
    if (exception.code !== 'FORBIDDEN' && !badCredential) return;
    this.metrics.refused(refusal.protocol, refusal.action, exception.code);
    this.logger.warn(
      {
        principal: badCredential ? '(rejected credential)' : (req?.principal?.username ?? 'anonymous'),
        via: req?.principal?.via,
        action: refusal.action,
        resource: refusal.resource,
        code: exception.code,
        rule: exception.details.rule,
        ...(exception.code === 'FORBIDDEN' ? { reason: exception.message } : {}),
        correlationId: refusal.correlationId,
      },
      'authorization refused',
    );
  }
}

/** `key=value` for the identifying arguments of a GraphQL field (top level and `input`). */
export function resourceOfArgs(field: string, args: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  const pick = (obj: unknown) => {
    if (!obj || typeof obj !== 'object') return;
    for (const key of RESOURCE_KEYS) {
      const value = (obj as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}=${clean(String(value))}`);
    }
  };
  pick(args);
  pick(args?.input);
  return parts.length ? parts.join(',') : field;
}

export const clean = (text: string) => text.replace(/\p{Cc}/gu, '?').slice(0, 300);
