import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../auth/domain/principal';
import { ParsedSchema, SchemaType } from '@charter/engine';
import { isUniqueViolation } from '../../database/pg-errors';
import { Clock } from '../../kernel/clock';
import { DomainError, invalidInput, notFound } from '../../kernel/domain-error';
import { RegistryQueryService } from '../../registry/registry-query.service';
import { parseCandidate, SchemaResolver } from '../../registry/schema-resolver';
import { assertMayEditEntity } from '../../contracts/contract-permissions';
import { teamStore } from '../teams/team.store';
import { CatalogueEntityEntity } from './catalogue-entity.entity';
import { catalogueEntityStore } from './catalogue-entity.store';
import { attributesOfSchema, cleanAttributes } from './entity-attributes';

/** Where an entity's attributes come from: a list, a schema text, or a registered version. */
export interface AttributeSource {
  attributes?: string[];
  schema?: { schemaType: SchemaType; schema: string };
  fromSubject?: { subject: string; version?: number };
}

export interface EntityDetails extends AttributeSource {
  sourceSystem?: string;
  description?: string;
}

interface ResolvedAttributes {
  attributes: string[];
  schemaType: SchemaType | null;
  schema: string | null;
}

/** System-of-record entities: declared by the teams that own them, audited, read by the replica guard. */
@Injectable()
export class EntityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly registry: RegistryQueryService,
    private readonly resolver: SchemaResolver,
  ) {}

  async create(
    actor: Principal,
    name: string,
    ownerTeam: string,
    details: EntityDetails & { sourceSystem: string },
  ): Promise<CatalogueEntityEntity> {
    assertMayEditEntity(actor, ownerTeam);
    try {
      return await this.dataSource.transaction(async (em) => {
        const team = await teamStore.bySlug(em, ownerTeam);
        if (!team) throw new DomainError('NOT_FOUND', `Team '${ownerTeam}' does not exist.`, { field: 'ownerTeam', rule: 'exists' });
        const resolved = await this.attributes(em, details);
        const entity = await catalogueEntityStore.insert(em, {
          name,
          ownerTeamId: team.id,
          sourceSystem: details.sourceSystem,
          description: details.description ?? '',
          ...resolved,
          updatedAt: this.clock.now(),
        });
        await this.record(em, actor, 'entity.created', entity.name, {
          ownerTeam,
          sourceSystem: entity.sourceSystem,
          attributes: entity.attributes,
        });
        return entity;
      });
    } catch (err) {
      throw renameConflict(err, name);
    }
  }

  async update(
    actor: Principal,
    name: string,
    change: EntityDetails & { newName?: string },
    expectedVersion?: number,
  ): Promise<CatalogueEntityEntity> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const entity = await this.lock(em, name);
        assertMayEditEntity(actor, await this.ownerSlug(em, entity));
        if (expectedVersion !== undefined && expectedVersion !== entity.version) {
          throw new DomainError(
            'STALE_VERSION',
            `Entity '${name}' is at version ${entity.version}, not ${expectedVersion}; reload it and retry.`,
            {
              field: 'expectedVersion',
              rule: 'current-version',
            },
          );
        }
        const before = {
          name: entity.name,
          sourceSystem: entity.sourceSystem,
          description: entity.description,
          attributes: entity.attributes,
        };
        if (change.attributes || change.schema || change.fromSubject) Object.assign(entity, await this.attributes(em, change));
        if (change.newName !== undefined) entity.name = change.newName;
        if (change.sourceSystem !== undefined) entity.sourceSystem = change.sourceSystem;
        if (change.description !== undefined) entity.description = change.description;
        entity.updatedAt = this.clock.now();
        const saved = await catalogueEntityStore.save(em, entity);
        const after = { name: saved.name, sourceSystem: saved.sourceSystem, description: saved.description, attributes: saved.attributes };
        await this.record(em, actor, 'entity.updated', before.name, { before, after });
        return saved;
      });
    } catch (err) {
      throw renameConflict(err, change.newName ?? name);
    }
  }

  async delete(actor: Principal, name: string): Promise<CatalogueEntityEntity> {
    return this.dataSource.transaction(async (em) => {
      const entity = await this.lock(em, name);
      assertMayEditEntity(actor, await this.ownerSlug(em, entity));
      await catalogueEntityStore.delete(em, entity.id);
      await this.record(em, actor, 'entity.deleted', entity.name, { attributes: entity.attributes });
      return entity;
    });
  }

  async findByName(name: string): Promise<CatalogueEntityEntity> {
    const entity = await catalogueEntityStore.byName(this.dataSource.manager, name);
    if (!entity) throw notFound('Entity', name);
    return entity;
  }

  list(): Promise<CatalogueEntityEntity[]> {
    return catalogueEntityStore.list(this.dataSource.manager);
  }

  /** Entities of many teams in one statement, for the per-request DataLoader. */
  async byOwnerTeamIds(teamIds: readonly string[]): Promise<CatalogueEntityEntity[][]> {
    const rows = await catalogueEntityStore.ofOwnerTeams(this.dataSource.manager, teamIds);
    return teamIds.map((id) => rows.filter((e) => e.ownerTeamId === id));
  }

  private async attributes(em: EntityManager, source: AttributeSource): Promise<ResolvedAttributes> {
    const given = [source.attributes, source.schema, source.fromSubject].filter((s) => s !== undefined && s !== null);
    if (given.length !== 1) {
      throw invalidInput('attributes', 'one-source', 'Give the attributes in exactly one way: `attributes`, `schema` or `fromSubject`.');
    }
    if (source.attributes) return { attributes: cleanAttributes(source.attributes), schemaType: null, schema: null };
    if (source.schema) {
      const parsed = parseCandidate(source.schema, [], { validate: true, normalize: false });
      return { attributes: attributesOfSchema(parsed, 'schema'), schemaType: parsed.schemaType, schema: parsed.canonical };
    }
    const { subject, version } = source.fromSubject!;
    const row = await this.registry.findVersion(em, subject, version ?? 'latest', false);
    const parsed: ParsedSchema = await this.resolver.parsedById(em, row.schemaId);
    return { attributes: attributesOfSchema(parsed, 'fromSubject'), schemaType: parsed.schemaType, schema: parsed.canonical };
  }

  private async lock(em: EntityManager, name: string): Promise<CatalogueEntityEntity> {
    const entity = await catalogueEntityStore.lockByName(em, name);
    if (!entity) throw notFound('Entity', name);
    return entity;
  }

  private async ownerSlug(em: EntityManager, entity: CatalogueEntityEntity): Promise<string> {
    return (await teamStore.byId(em, entity.ownerTeamId)).slug;
  }

  private record(em: EntityManager, actor: Principal, action: string, name: string, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'entity', targetId: name, details });
  }
}

function renameConflict(err: unknown, name: string): unknown {
  if (isUniqueViolation(err, 'catalogue_entity_name_unique')) {
    return new DomainError('ALREADY_EXISTS', `An entity named '${name}' is already declared (names are compared without case).`, {
      field: 'name',
      rule: 'unique',
    });
  }
  return err;
}
