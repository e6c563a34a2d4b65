import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { check, formatOf, HistoricVersion, ParsedSchema } from '@charter/engine';
import { DomainError } from '../kernel/domain-error';
import { incompatibilityMessages, incompatibleRegistrationMessage } from './incompatibility-message';
import { registryErrors } from './registry-errors';
import { RegistryQueryService } from './registry-query.service';
import { checkSubjectName } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';
import { contextOf, normalizeSubject } from './qualified-subject';
import { NewSchema, registryStore } from './registry.store';
import { Mode, RegisterRequest, SchemaVersion, StoredSchema, SubjectVersionRow } from './registry.types';
import { SchemaAdmissionPolicy } from './schema-admission-policy';
import { guidOf, schemaIdentity } from './schema-identity';
import { parseCandidate, SchemaResolver } from './schema-resolver';
import { compatibilityGroupOf, contractDefaults } from './contract-defaults';
import { ruleWarnings } from './rule-warnings';
import { rulesOf } from '../data-contracts/domain/rule-set';
import { ContractDefaults, effectiveMetadataAndRules } from '../data-contracts/domain/contract-merge';

export interface RegisterOptions {
  normalize: boolean;
  /** Skip the compatibility check (Confluent 8.x `force`). */
  force: boolean;
}

/**
 * Registration (docs/reference/confluent-registry.md, part 1.3) in one transaction under the subject's advisory lock, so that
 * two replicas registering into one subject take turns and version numbers never collide.
 */
@Injectable()
export class SchemaRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: RegistrySettingsService,
    private readonly resolver: SchemaResolver,
    private readonly admission: SchemaAdmissionPolicy,
    private readonly query: RegistryQueryService,
  ) {}

  async register(actor: Principal, qualifiedSubject: string, request: RegisterRequest, options: RegisterOptions): Promise<SchemaVersion> {
    checkSubjectName(qualifiedSubject);
    const subject = normalizeSubject(qualifiedSubject);
    // The context's own id space holds the content (docs/reference/contexts.md).
    const context = contextOf(subject);
    let created: StoredSchema | undefined;
    const answer = await this.dataSource.transaction(async (em) => {
      await registryStore.lockSubject(em, subject);
      const { mode, config } = await this.settings.effectiveSettings(em, subject);
      checkModeGates(mode, request);
      const importing = mode === 'IMPORT' || mode === 'FORWARD';
      const rows = await registryStore.versionsOf(em, subject);
      const live = rows.filter((r) => !r.deleted);
      const nextVersion = (rows[rows.length - 1]?.version ?? 0) + 1;
      const latest = live[live.length - 1];
      const effective = await this.inheritFromLatest(em, subject, request, latest, importing ? {} : contractDefaults(config));
      const { references, resolved } = await this.resolver.resolveRequestReferences(em, effective.references, subject);
      const normalize = options.normalize || config.normalize === true;
      const candidate = parseCandidate(effective, resolved, { validate: !importing, normalize });
      const metadata = effective.metadata ?? null;
      const ruleSet = effective.ruleSet ?? null;
      const hash = schemaIdentity(candidate.canonical, references, metadata, ruleSet);
      const existing = await registryStore.schemaByIdentity(em, hash, context);

      // Same content already live here: answer with that version, no new version, no check.
      const sameLive = existing && live.find((r) => r.schemaId === existing.id);
      if (sameLive && (request.id === undefined || request.id === existing.id)) {
        return toSchemaVersion(subject, sameLive, existing.id, hash, candidate, references, metadata, ruleSet);
      }
      // The same schema written differently (normalized, references inlined): that version (docs/reference/confluent-registry.md, part 1.3-6).
      if (request.version === undefined && request.id === undefined) {
        const equivalent = await this.resolver.findEquivalent(em, live, candidate, references, metadata, ruleSet);
        if (equivalent) return this.query.toVersion(em, equivalent);
      }

      const version = this.chooseVersion(request, importing, nextVersion, rows);
      const history = await this.history(em, live);
      if (!importing && !options.force) {
        const group = await this.resolver.sameCompatibilityGroup(em, compatibilityGroupOf(config), metadata, live);
        const result = check(
          config.compatibilityLevel,
          history.filter((h) => group.some((g) => g.version === h.version)),
          candidate,
          formatOf,
        );
        if (!result.compatible) {
          const old = history.find((h) => h.version === result.failedVersion);
          const messages = incompatibilityMessages(result, config.compatibilityLevel, old?.schema.canonical);
          throw new DomainError('INCOMPATIBLE_SCHEMA', incompatibleRegistrationMessage(subject, messages), {
            subject,
            incompatibilities: result.incompatibilities,
            oldSchemaVersion: result.failedVersion,
          });
        }
      }
      const warnings = ruleWarnings(candidate, metadata, ruleSet);
      await this.admission.admit(em, {
        subject,
        version,
        schema: candidate,
        history,
        actor,
        importing,
        metadata,
        ruleSet,
        ruleWarnings: warnings,
      });

      const id = await this.storeSchema(em, request, existing?.id, {
        context,
        schemaType: candidate.schemaType,
        canonical: candidate.canonical,
        original: effective.schema,
        references,
        metadata,
        ruleSet,
        hash,
      });
      if (id !== existing?.id)
        created = {
          context,
          id,
          guid: guidOf(hash),
          schemaType: candidate.schemaType,
          canonical: candidate.canonical,
          references,
          metadata,
          ruleSet,
        };
      await this.dropSupersededSoftDeleted(em, subject, rows, id);
      const row = await registryStore.insertVersion(em, subject, version, id);
      await this.audit.append(em, {
        actor: actor.username,
        action: 'registry.schema-registered',
        targetType: 'subject',
        targetId: subject,
        details: {
          version,
          id,
          schemaType: candidate.schemaType,
          references,
          mode,
          ...(ruleSet ? { rules: rulesOf(ruleSet).map((r) => r.rule.name) } : {}),
          ...(warnings.length > 0 ? { ruleWarnings: warnings.map((w) => w.message) } : {}),
        },
      });
      return toSchemaVersion(subject, row, id, hash, candidate, references, metadata, ruleSet);
    });
    // Committed: the next registration into this subject reads its latest schema from memory.
    if (created) this.resolver.rememberCommitted(created);
    return answer;
  }

  /**
   * Empty schema = metadata-only update of the latest (docs/reference/confluent-registry.md, part 1.3-3). Metadata and rule
   * set the request leaves out come from the latest live version, then the config's defaults and
   * overrides are merged in (docs/data-contracts.md, "Merge order"); an import keeps what it sends.
   */
  private async inheritFromLatest(
    em: EntityManager,
    subject: string,
    request: RegisterRequest,
    latest: SubjectVersionRow | undefined,
    defaults: ContractDefaults,
  ): Promise<RegisterRequest> {
    const previous = latest && (await this.resolver.schemaById(em, latest.schemaId, latest.context));
    const contract = effectiveMetadataAndRules(defaults, request, previous);
    const carried = { metadata: contract.metadata ?? undefined, ruleSet: contract.ruleSet ?? undefined };
    if (request.schema.trim() === '') {
      if (!previous) throw registryErrors.invalidSchema(`Empty schema and no previous version of subject '${subject}' to reuse.`);
      return { ...request, schema: previous.canonical, schemaType: previous.schemaType, references: previous.references, ...carried };
    }
    return { ...request, ...carried };
  }

  private chooseVersion(request: RegisterRequest, importing: boolean, nextVersion: number, rows: SubjectVersionRow[]): number {
    if (request.version === undefined || request.version === -1) return nextVersion;
    if (importing) {
      if (request.version < 1) throw registryErrors.invalidSchema(`Version ${request.version} is not a valid version number.`, 'version');
      if (rows.some((r) => r.version === request.version)) {
        throw registryErrors.notPermitted(
          `Version ${request.version} already exists in this subject and cannot be overwritten by an import.`,
        );
      }
      return request.version;
    }
    if (request.version !== nextVersion) {
      throw registryErrors.invalidSchema(`Version ${request.version} is not the next version ${nextVersion} of this subject.`, 'version');
    }
    return request.version;
  }

  /** IMPORT keeps the caller's id: it must be free, or already hold exactly this content. */
  private async storeSchema(
    em: EntityManager,
    request: RegisterRequest,
    existingId: number | undefined,
    schema: NewSchema & { context: string },
  ): Promise<number> {
    if (request.id === undefined) return existingId ?? (await registryStore.insertSchema(em, schema))!;
    if (existingId !== undefined && existingId !== request.id) {
      throw registryErrors.notPermitted(`Schema already registered with id ${existingId} instead of input id ${request.id}`);
    }
    if (existingId !== undefined) return existingId;
    if (request.id < 1) throw registryErrors.invalidSchema(`Id ${request.id} is not a valid schema id.`, 'id');
    if (await registryStore.schemaById(em, request.id, schema.context)) {
      throw registryErrors.notPermitted(`Overwrite new schema with id ${request.id} is not permitted: the id holds another schema.`);
    }
    const id = await registryStore.insertSchema(em, schema, request.id);
    // Taken meanwhile by a concurrent import of other content.
    if (id === undefined)
      throw registryErrors.notPermitted(`Overwrite new schema with id ${request.id} is not permitted: the id holds another schema.`);
    return id;
  }

  /** Older soft-deleted versions with the same id are superseded by the new one (docs/reference/confluent-registry.md, part 1.3-8). */
  private async dropSupersededSoftDeleted(em: EntityManager, subject: string, rows: SubjectVersionRow[], id: number) {
    const stale = rows.filter((r) => r.deleted && r.schemaId === id).map((r) => r.version);
    if (stale.length === 0) return;
    const referenced = new Set((await registryStore.referrersOf(em, subject, stale)).map((r) => r.version));
    const removable = stale.filter((v) => !referenced.has(v));
    if (removable.length > 0) await registryStore.deleteVersions(em, subject, removable);
  }

  private async history(em: EntityManager, live: SubjectVersionRow[]): Promise<HistoricVersion[]> {
    const out: HistoricVersion[] = [];
    for (const row of live) out.push({ version: row.version, schema: await this.resolver.parsedById(em, row.schemaId, row.context) });
    return out;
  }
}

function checkModeGates(mode: Mode, request: RegisterRequest) {
  if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw registryErrors.notPermitted('Subject is in read-only mode.');
  const importing = mode === 'IMPORT' || mode === 'FORWARD';
  if (request.id !== undefined && !importing) {
    throw registryErrors.notPermitted('Subject is not in import mode: a schema id may only be given in IMPORT mode.');
  }
  if (request.id === undefined && mode !== 'READWRITE') {
    throw registryErrors.notPermitted(`Subject is in ${mode} mode: registration needs an explicit schema id.`);
  }
}

export function toSchemaVersion(
  subject: string,
  row: SubjectVersionRow,
  id: number,
  /** The identity hash: the stored row's, since the id always holds exactly this content. */
  hash: string,
  parsed: ParsedSchema,
  references: SchemaVersion['references'],
  metadata: SchemaVersion['metadata'],
  ruleSet: SchemaVersion['ruleSet'] = null,
): SchemaVersion {
  return {
    subject,
    version: row.version,
    id,
    guid: guidOf(hash),
    schemaType: parsed.schemaType,
    schema: parsed.canonical,
    references,
    metadata,
    ruleSet,
    ts: row.createdAt.getTime(),
    deleted: row.deleted,
  };
}
