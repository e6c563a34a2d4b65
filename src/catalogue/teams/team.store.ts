import { EntityManager, In } from 'typeorm';
import { columnFinder } from '../../database/column-finder';
import { TeamEntity, TeamMemberEntity } from './team.entity';

const teamsBySlug = columnFinder(TeamEntity, 'slug');
const teamsById = columnFinder(TeamEntity, 'id');

/** Teams and their members. */
export const teamStore = {
  /** Inserts a team; the unique slug index refuses a second team with the same slug. */
  insert(em: EntityManager, team: Pick<TeamEntity, 'slug' | 'name' | 'updatedAt'>): Promise<TeamEntity> {
    return em.save(em.create(TeamEntity, team));
  },

  /** Writes a changed team; TypeORM raises its version column by one. */
  save(em: EntityManager, team: TeamEntity): Promise<TeamEntity> {
    return em.save(team);
  },

  async bySlug(em: EntityManager, slug: string): Promise<TeamEntity | null> {
    return (await teamsBySlug(em, [slug]))[0] ?? null;
  },

  /** The team, locked for the rest of the transaction: changes to one team and its members queue. */
  lockBySlug(em: EntityManager, slug: string): Promise<TeamEntity | null> {
    return em.findOne(TeamEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
  },

  /** The team a row refers to by its foreign key, which guarantees it exists (throws otherwise). */
  byId(em: EntityManager, id: string): Promise<TeamEntity> {
    return em.findOneByOrFail(TeamEntity, { id });
  },

  /** The teams of `ids` that exist, in no particular order. */
  byIds(em: EntityManager, ids: readonly string[]): Promise<TeamEntity[]> {
    return teamsById(em, ids);
  },

  list(em: EntityManager): Promise<TeamEntity[]> {
    return em.find(TeamEntity, { order: { slug: 'ASC' } });
  },

  isMember(em: EntityManager, teamId: string, username: string): Promise<boolean> {
    return em.existsBy(TeamMemberEntity, { teamId, username });
  },

  async insertMember(em: EntityManager, teamId: string, username: string): Promise<void> {
    await em.insert(TeamMemberEntity, { teamId, username });
  },

  /** Removes a membership; false when `username` was not a member. */
  async deleteMember(em: EntityManager, teamId: string, username: string): Promise<boolean> {
    const removed = await em.delete(TeamMemberEntity, { teamId, username });
    return Boolean(removed.affected);
  },

  /** The members of many teams in one statement, by username. */
  membersOf(em: EntityManager, teamIds: readonly string[]): Promise<TeamMemberEntity[]> {
    return em.find(TeamMemberEntity, { where: { teamId: In([...teamIds]) }, order: { username: 'ASC' } });
  },

  /** The slugs of the teams `username` is a member of, in one statement. */
  async slugsOfMember(em: EntityManager, username: string): Promise<string[]> {
    const rows: Array<{ slug: string }> = await em.query(
      'SELECT t.slug FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.username = $1',
      [username],
    );
    return rows.map((r) => r.slug);
  },
};
