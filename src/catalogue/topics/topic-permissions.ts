import { isAdmin, isMemberOf, isSteward, Principal } from '../../auth/domain/principal';
import { DomainError, forbidden, invalidInput } from '../../kernel/domain-error';
import { AccessPolicy, Classification, classificationRank, Lifecycle, canMoveLifecycle } from './domain/topic-vocabulary';

/**
 * Who may change what on a topic, as pure functions so the role × mutation table is tested in one
 * place: owner-team members edit their topics; stewards own classification and jurisdiction of
 * every topic; admins may do everything.
 */
export function assertMayRegister(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || isMemberOf(actor, ownerTeam)) return;
  throw forbidden(`Only admins and members of team '${ownerTeam}' can register topics it owns.`);
}

export interface TopicPatchView {
  classification?: Classification;
  jurisdiction?: string;
  /** Names of the other fields that change. */
  otherFields: string[];
}

export function assertMayUpdate(
  actor: Principal,
  ownerTeam: string,
  current: { classification: Classification; jurisdiction: string },
  patch: TopicPatchView,
): void {
  if (isAdmin(actor)) return;
  const owner = isMemberOf(actor, ownerTeam);
  const steward = isSteward(actor);
  if (patch.otherFields.length > 0 && !owner) {
    throw forbidden(`Only admins and members of team '${ownerTeam}' can change ${patch.otherFields.join(', ')}.`);
  }
  if (patch.classification !== undefined && patch.classification !== current.classification) {
    const lowering = classificationRank(patch.classification) < classificationRank(current.classification);
    if (lowering && !steward) {
      throw new DomainError(
        'FORBIDDEN',
        `Lowering a classification (${current.classification} → ${patch.classification}) needs a steward.`,
        {
          field: 'classification',
          rule: 'steward-lowers-classification',
        },
      );
    }
    if (!lowering && !owner && !steward) throw forbidden(`Only the owners or a steward can raise the classification.`);
  }
  if (patch.jurisdiction !== undefined && patch.jurisdiction !== current.jurisdiction && !steward) {
    throw new DomainError(
      'FORBIDDEN',
      `Changing a topic's jurisdiction (${current.jurisdiction} → ${patch.jurisdiction}) needs a steward.`,
      {
        field: 'jurisdiction',
        rule: 'steward-changes-jurisdiction',
      },
    );
  }
}

/** A transfer needs an admin, or a steward who is also a member of the team giving the topic away. */
export function assertMayTransfer(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || (isSteward(actor) && isMemberOf(actor, ownerTeam))) return;
  throw forbidden(`Only admins, or a steward who belongs to team '${ownerTeam}', can transfer its topics.`);
}

export function assertMayChangeLifecycle(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || isMemberOf(actor, ownerTeam)) return;
  throw forbidden(`Only admins and members of team '${ownerTeam}' can change the lifecycle of its topics.`);
}

/** Invariants of a topic's own fields, checked after every change (the database repeats the first). */
export function assertConsistent(topic: { classification: Classification; accessPolicy: AccessPolicy }): void {
  if (topic.classification === 'RESTRICTED' && topic.accessPolicy === 'OPEN') {
    throw invalidInput(
      'accessPolicy',
      'restricted-not-open',
      'A RESTRICTED topic cannot have the OPEN access policy; choose OWNER_APPROVAL or OWNER_AND_STEWARD_APPROVAL.',
    );
  }
}

export function assertLifecycleMove(from: Lifecycle, to: Lifecycle): void {
  if (!canMoveLifecycle(from, to)) {
    throw new DomainError('CONFLICT', `A topic's lifecycle only moves forward; it cannot go from ${from} to ${to}.`, {
      field: 'lifecycle',
      rule: 'forward-only',
    });
  }
}
