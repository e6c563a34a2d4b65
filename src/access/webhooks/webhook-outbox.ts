import { EntityManager } from 'typeorm';
import { LoadedRequest, legalBasisOf } from '../persistence/access-request.store';
import { webhookStore } from '../persistence/webhook.store';

export interface AccessEventPayload {
  type: string;
  occurredAt: string;
  actor: string;
  request: Record<string, unknown>;
}

/** The body receivers get (the delivery id is added when it is sent). */
export function accessEventPayload(type: string, loaded: LoadedRequest, actor: string, now: Date): AccessEventPayload {
  const r = loaded.request;
  return {
    type,
    occurredAt: now.toISOString(),
    actor,
    request: {
      id: r.id,
      state: r.state,
      topic: loaded.topic.name,
      ownerTeam: loaded.ownerTeam.slug,
      requestingTeam: loaded.requestingTeam.slug,
      operation: r.operation,
      applicationName: r.applicationName,
      kafkaPrincipal: r.kafkaPrincipal,
      purposeCategory: r.purposeCategory,
      consumerJurisdiction: r.consumerJurisdiction,
      crossBorder: r.crossBorder,
      legalBasis: legalBasisOf(r),
      reason: r.stateReason,
      grantStart: r.grantStart?.toISOString() ?? null,
      grantEnd: r.grantEnd?.toISOString() ?? null,
      flagReasons: r.flagReasons,
    },
  };
}

/**
 * Queues an event for the requesting and the owning team, in the caller's transaction: the
 * outbox row commits with the decision or not at all, so a crash after commit loses nothing (the
 * delivery worker finds the row) and a rollback sends nothing.
 */
export async function enqueueAccessEvent(em: EntityManager, loaded: LoadedRequest, payload: AccessEventPayload): Promise<number> {
  const teamIds = [...new Set([loaded.requestingTeam.id, loaded.ownerTeam.id])];
  return webhookStore.enqueue(em, teamIds, payload.type, () => ({ ...payload }));
}
