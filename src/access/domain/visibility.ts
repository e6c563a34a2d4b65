import { notFound } from '../../kernel/domain-error';
import { AccessActor, AccessRequestSnapshot } from './access-vocabulary';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const seesEverything = (actor: Pick<AccessActor, 'roles'>) => actor.roles.includes('admin') || actor.roles.includes('steward');

/**
 * Who sees a request: admins and stewards all of them; everyone else the requests of their teams
 * (as requester or as the topic's owner) and their own. The list queries apply the same rule in SQL.
 */
export function canSee(request: Pick<AccessRequestSnapshot, 'requestedBy' | 'requestingTeam' | 'ownerTeam'>, actor: AccessActor): boolean {
  return (
    seesEverything(actor) ||
    actor.username === request.requestedBy ||
    actor.teams.includes(request.requestingTeam) ||
    actor.teams.includes(request.ownerTeam)
  );
}

/**
 * A request the caller cannot see does not exist for them: every command answers exactly as the
 * read does, before any other rule could tell its state, owner or slots.
 */
export function assertVisible(
  request: Pick<AccessRequestSnapshot, 'id' | 'requestedBy' | 'requestingTeam' | 'ownerTeam' | 'noun'>,
  actor: AccessActor,
): void {
  if (!canSee(request, actor)) throw notFound(capitalised(request.noun ?? 'access request'), request.id);
}
