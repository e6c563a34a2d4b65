import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { announceAuthChange } from '../../auth/auth-change';
import { isAdmin, Principal } from '../../auth/domain/principal';
import { isUniqueViolation } from '../../database/pg-errors';
import { Clock } from '../../kernel/clock';
import { DomainError, forbidden, notFound } from '../../kernel/domain-error';
import { TeamEntity, TeamMemberEntity } from './team.entity';
import { teamStore } from './team.store';

@Injectable()
export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Principal, slug: string, name: string): Promise<TeamEntity> {
    requireAdmin(actor, 'create teams');
    try {
      return await this.dataSource.transaction(async (em) => {
        const team = await teamStore.insert(em, { slug, name, updatedAt: this.clock.now() });
        await this.record(em, actor, 'team.created', team, { slug, name });
        return team;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'team_slug_unique')) {
        throw new DomainError('ALREADY_EXISTS', `A team with slug '${slug}' already exists.`, { field: 'slug', rule: 'unique' });
      }
      throw err;
    }
  }

  async rename(actor: Principal, slug: string, name: string, expectedVersion?: number): Promise<TeamEntity> {
    requireAdmin(actor, 'rename teams');
    return this.dataSource.transaction(async (em) => {
      const team = await this.lockBySlug(em, slug);
      if (expectedVersion !== undefined && expectedVersion !== team.version) {
        throw new DomainError(
          'STALE_VERSION',
          `Team '${slug}' is at version ${team.version}, not ${expectedVersion}; reload it and retry.`,
          {
            field: 'expectedVersion',
            rule: 'current-version',
          },
        );
      }
      const before = team.name;
      team.name = name;
      team.updatedAt = this.clock.now();
      const saved = await teamStore.save(em, team);
      await this.record(em, actor, 'team.renamed', saved, { before: { name: before }, after: { name } });
      return saved;
    });
  }

  async addMember(actor: Principal, slug: string, username: string): Promise<TeamEntity> {
    requireAdmin(actor, 'change team membership');
    return this.dataSource.transaction(async (em) => {
      const team = await this.lockBySlug(em, slug);
      if (await teamStore.isMember(em, team.id, username)) {
        throw new DomainError('ALREADY_EXISTS', `'${username}' is already a member of team '${slug}'.`, {
          field: 'username',
          rule: 'not-member',
        });
      }
      await teamStore.insertMember(em, team.id, username);
      await announceAuthChange(em, { kind: 'member', username });
      const saved = await this.touch(em, team);
      await this.record(em, actor, 'team.member-added', saved, { username });
      return saved;
    });
  }

  async removeMember(actor: Principal, slug: string, username: string): Promise<TeamEntity> {
    requireAdmin(actor, 'change team membership');
    return this.dataSource.transaction(async (em) => {
      const team = await this.lockBySlug(em, slug);
      if (!(await teamStore.deleteMember(em, team.id, username))) {
        throw new DomainError('NOT_FOUND', `'${username}' is not a member of team '${slug}'.`, { field: 'username', rule: 'member' });
      }
      await announceAuthChange(em, { kind: 'member', username });
      const saved = await this.touch(em, team);
      await this.record(em, actor, 'team.member-removed', saved, { username });
      return saved;
    });
  }

  async findBySlug(slug: string): Promise<TeamEntity> {
    const team = await teamStore.bySlug(this.dataSource.manager, slug);
    if (!team) throw notFound('Team', slug);
    return team;
  }

  async list(): Promise<TeamEntity[]> {
    return teamStore.list(this.dataSource.manager);
  }

  /** Teams by id, in the order asked, for the per-request DataLoader. */
  async byIds(ids: readonly string[]): Promise<Array<TeamEntity | Error>> {
    const rows = await teamStore.byIds(this.dataSource.manager, ids);
    const byId = new Map(rows.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id) ?? notFound('Team', id));
  }

  /** Members of many teams in one statement, for the per-request DataLoader. */
  async membersOf(teamIds: readonly string[]): Promise<TeamMemberEntity[][]> {
    const rows = await teamStore.membersOf(this.dataSource.manager, teamIds);
    return teamIds.map((id) => rows.filter((r) => r.teamId === id));
  }

  private async lockBySlug(em: EntityManager, slug: string): Promise<TeamEntity> {
    const team = await teamStore.lockBySlug(em, slug);
    if (!team) throw notFound('Team', slug);
    return team;
  }

  private touch(em: EntityManager, team: TeamEntity): Promise<TeamEntity> {
    team.updatedAt = this.clock.now();
    return teamStore.save(em, team);
  }

  private record(em: EntityManager, actor: Principal, action: string, team: TeamEntity, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'team', targetId: team.slug, details });
  }
}

function requireAdmin(actor: Principal, what: string) {
  if (!isAdmin(actor)) throw forbidden(`Only admins can ${what}.`);
}
