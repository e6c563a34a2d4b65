import { isAdmin, isMemberOf, isSteward, Principal } from '../auth/domain/principal';
import { forbidden } from '../kernel/domain-error';

/**
 * Who may change what in the replica guard, as pure checks: owners edit their topic's contract
 * (within the steward's ceilings) and ask for waivers; stewards set the ceilings and decide
 * waivers; admins may do what owners and stewards may, except deciding waivers, which needs a
 * steward.
 */
export function assertMayEditContract(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || isSteward(actor) || isMemberOf(actor, ownerTeam)) return;
  throw forbidden(`Only members of team '${ownerTeam}', stewards and admins can change the payload contract of its topics.`);
}

export function assertMaySetLimits(actor: Principal): void {
  if (isAdmin(actor) || isSteward(actor)) return;
  throw forbidden('Only stewards and admins can set the ceilings of payload contracts.');
}

export function assertMayRequestWaiver(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || isMemberOf(actor, ownerTeam)) return;
  throw forbidden(`Only members of team '${ownerTeam}' and admins can request waivers for its topics.`);
}

export function assertMayEditEntity(actor: Principal, ownerTeam: string): void {
  if (isAdmin(actor) || isSteward(actor) || isMemberOf(actor, ownerTeam)) return;
  throw forbidden(`Only members of team '${ownerTeam}', stewards and admins can change the entities it owns.`);
}
