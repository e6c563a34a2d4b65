import { Brackets, SelectQueryBuilder } from 'typeorm';
import { AccessActor } from './domain/access-vocabulary';
import { seesEverything } from './domain/visibility';

export { seesEverything };

/** `canSee` in SQL, for lists: `r` is the request, `t` its topic. */
export function restrictToVisible<T extends object>(qb: SelectQueryBuilder<T>, actor: AccessActor): SelectQueryBuilder<T> {
  if (seesEverything(actor)) return qb;
  return qb.andWhere(
    new Brackets((w) =>
      w
        .where('r.requesting_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams))')
        .orWhere('t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY(:visTeams))')
        .orWhere('r.requested_by = :visMe'),
    ),
    { visTeams: [...actor.teams], visMe: actor.username },
  );
}

/** The state queries show: a granted request whose end has passed is EXPIRED, job or no job. */
export const EFFECTIVE_STATE_SQL = `(CASE WHEN r.state IN ('APPROVED', 'SUSPENDED') AND r.grant_end <= :now THEN 'EXPIRED' ELSE r.state END)`;

/** Active grant: approved, not suspended, and its end not reached. */
export const ACTIVE_GRANT_SQL = `(r.state = 'APPROVED' AND r.grant_end > :now)`;
