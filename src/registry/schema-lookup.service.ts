import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registryErrors } from './registry-errors';
import { RegistryQueryService } from './registry-query.service';
import { RegistrySettingsService } from './registry-settings.service';
import { contextOf, normalizeSubject } from './qualified-subject';
import { registryStore } from './registry.store';
import { RegisterRequest, SchemaVersion } from './registry.types';
import { schemaIdentity } from './schema-identity';
import { contractDefaults } from './contract-defaults';
import { effectiveMetadataAndRules, MetadataAndRules } from '../data-contracts/domain/contract-merge';
import { parseCandidate, SchemaResolver } from './schema-resolver';

/** "Is this schema registered under this subject?" (docs/reference/confluent-registry.md, part 1.4). Never registers. */
@Injectable()
export class SchemaLookupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RegistrySettingsService,
    private readonly resolver: SchemaResolver,
    private readonly query: RegistryQueryService,
  ) {}

  async lookup(
    qualifiedSubject: string,
    request: RegisterRequest,
    options: { normalize: boolean; deleted: boolean; format?: string },
  ): Promise<SchemaVersion> {
    const subject = normalizeSubject(qualifiedSubject);
    const context = contextOf(subject);
    const format = options.format;
    const em = this.dataSource.manager;
    const inScope = (await registryStore.versionsOf(em, subject)).filter((r) => options.deleted || !r.deleted);
    if (inScope.length === 0) throw registryErrors.subjectNotFound(subject);
    const config = await this.settings.effectiveConfig(em, subject);
    const { references, resolved } = await this.resolver.resolveRequestReferences(em, request.references, subject);
    // Lenient: a schema stored before validation got stricter must still be found.
    const parsed = parseCandidate(request, resolved, { validate: false, normalize: options.normalize || config.normalize === true });

    // As sent first, then as registration would have completed it from the latest version and the
    // config's defaults and overrides (docs/data-contracts.md, "Lookup").
    const latest = inScope.filter((r) => !r.deleted).pop() ?? inScope[inScope.length - 1];
    const previous = await this.resolver.schemaById(em, latest.schemaId, latest.context);
    const candidates: MetadataAndRules[] = [
      { metadata: request.metadata ?? null, ruleSet: request.ruleSet ?? null },
      effectiveMetadataAndRules(contractDefaults(config), request, previous),
    ];
    for (const { metadata, ruleSet } of candidates) {
      const existing = await registryStore.schemaByIdentity(em, schemaIdentity(parsed.canonical, references, metadata, ruleSet), context);
      const row = existing && [...inScope].reverse().find((r) => r.schemaId === existing.id);
      if (row) return this.query.toVersion(em, row, format);
    }
    // The same schema written differently (normalized, references inlined): metadata and rules
    // must then match only where the request states them.
    for (const { metadata, ruleSet } of candidates) {
      const equivalent = await this.resolver.findEquivalent(
        em,
        inScope,
        parsed,
        references,
        request.metadata !== undefined ? metadata : undefined,
        request.ruleSet !== undefined ? ruleSet : undefined,
      );
      if (equivalent) return this.query.toVersion(em, equivalent, format);
    }
    throw registryErrors.schemaNotFound();
  }
}
