import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { check, checkPair, CompatibilityResult, formatOf, HistoricVersion, ParsedSchema } from '@charter/engine';
import { DomainError } from '../kernel/domain-error';
import { incompatibilityMessages } from './incompatibility-message';
import { registryErrors } from './registry-errors';
import { VersionSpec } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';
import { compatibilityGroupOf, contractDefaults } from './contract-defaults';
import { effectiveMetadataAndRules, MetadataAndRules } from '../data-contracts/domain/contract-merge';
import { ruleWarnings } from './rule-warnings';
import { registryStore } from './registry.store';
import { RegisterRequest, RegistryConfig } from './registry.types';
import { AdmissionFinding, SchemaAdmissionPolicy } from './schema-admission-policy';
import { parseCandidate, SchemaResolver } from './schema-resolver';

export interface CheckOptions {
  normalize: boolean;
  /** Answer an invalid candidate as `is_compatible: false` with the parse error, not as 42201. */
  verbose: boolean;
}

export interface CompatibilityAnswer {
  isCompatible: boolean;
  messages: string[];
  /** What the admission policy (the topic's payload contract) would say; absent when none applies. */
  findings?: AdmissionFinding[];
}

/** The "would this register?" endpoints: the same check as registration, and nothing stored. */
@Injectable()
export class CompatibilityCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RegistrySettingsService,
    private readonly resolver: SchemaResolver,
    private readonly admission: SchemaAdmissionPolicy,
  ) {}

  /** Against one version (`latest` = newest live), using the level's direction only. */
  async againstVersion(subject: string, spec: VersionSpec, request: RegisterRequest, options: CheckOptions): Promise<CompatibilityAnswer> {
    const em = this.dataSource.manager;
    const live = (await registryStore.versionsOf(em, subject)).filter((r) => !r.deleted);
    const row = spec === 'latest' ? live[live.length - 1] : live.find((r) => r.version === spec);
    if (!row && spec !== 'latest') throw registryErrors.versionNotFound(subject, spec);
    return this.run(subject, request, options, async (candidate, level, group) => {
      const [inGroup] = row ? await this.resolver.sameCompatibilityGroup(em, group, request.metadata, [row]) : [];
      if (!inGroup) return { compatible: true, incompatibilities: [] };
      const previous: HistoricVersion = {
        version: inGroup.version,
        schema: await this.resolver.parsedById(em, inGroup.schemaId, inGroup.context),
      };
      return checkPair(level, previous, candidate, formatOf);
    });
  }

  /** Against every live version: all of them for transitive levels, the latest otherwise. */
  async againstAll(subject: string, request: RegisterRequest, options: CheckOptions): Promise<CompatibilityAnswer> {
    const em = this.dataSource.manager;
    const live = (await registryStore.versionsOf(em, subject)).filter((r) => !r.deleted);
    return this.run(subject, request, options, async (candidate, level, group) => {
      const history: HistoricVersion[] = [];
      for (const row of await this.resolver.sameCompatibilityGroup(em, group, request.metadata, live))
        history.push({ version: row.version, schema: await this.resolver.parsedById(em, row.schemaId, row.context) });
      return check(level, history, candidate, formatOf);
    });
  }

  private async run(
    subject: string,
    request: RegisterRequest,
    options: CheckOptions,
    evaluate: (candidate: ParsedSchema, level: Parameters<typeof check>[0], group: string | undefined) => Promise<CompatibilityResult>,
  ): Promise<CompatibilityAnswer> {
    const em = this.dataSource.manager;
    const config = await this.settings.effectiveConfig(em, subject);
    let candidate: ParsedSchema;
    try {
      const { resolved } = await this.resolver.resolveRequestReferences(em, request.references, subject);
      candidate = parseCandidate(request, resolved, { validate: true, normalize: options.normalize || config.normalize === true });
    } catch (err) {
      // With `verbose` Confluent answers an invalid candidate as "incompatible, because...".
      if (options.verbose && err instanceof DomainError && err.code === 'INVALID_SCHEMA')
        return { isCompatible: false, messages: [err.message] };
      throw err;
    }
    // Like Confluent, the candidate's group is that of the metadata it is sent with (nothing inherited).
    const result = await evaluate(candidate, config.compatibilityLevel, compatibilityGroupOf(config));
    // Findings are about the version registration would store: with the rules it would inherit and merge.
    const contract = await this.effectiveContract(subject, request, config);
    const contractFindings = await this.findings(subject, candidate, contract);
    const warnings = ruleWarnings(candidate, contract.metadata, contract.ruleSet);
    const findings = contractFindings === undefined && warnings.length === 0 ? undefined : [...(contractFindings ?? []), ...warnings];
    const extra = findings === undefined ? {} : { findings };
    if (result.compatible) return { isCompatible: true, messages: [], ...extra };
    const old = result.failedVersion === undefined ? undefined : await this.oldCanonical(subject, result.failedVersion);
    return { isCompatible: false, messages: incompatibilityMessages(result, config.compatibilityLevel, old), ...extra };
  }

  /** The contract is checked against every live version, as registration would. */
  private async effectiveContract(subject: string, request: RegisterRequest, config: RegistryConfig): Promise<MetadataAndRules> {
    const em = this.dataSource.manager;
    const latest = (await registryStore.versionsOf(em, subject)).filter((r) => !r.deleted).pop();
    const previous = latest && (await this.resolver.schemaById(em, latest.schemaId, latest.context));
    return effectiveMetadataAndRules(contractDefaults(config), request, previous);
  }

  private async findings(subject: string, candidate: ParsedSchema, contract: MetadataAndRules): Promise<AdmissionFinding[] | undefined> {
    const em = this.dataSource.manager;
    const live = (await registryStore.versionsOf(em, subject)).filter((r) => !r.deleted);
    const history: HistoricVersion[] = [];
    for (const row of live) history.push({ version: row.version, schema: await this.resolver.parsedById(em, row.schemaId, row.context) });
    const next = (live[live.length - 1]?.version ?? 0) + 1;
    return this.admission.review(em, { subject, version: next, schema: candidate, history, ...contract });
  }

  private async oldCanonical(subject: string, version: number): Promise<string | undefined> {
    const em = this.dataSource.manager;
    const row = (await registryStore.versionsOf(em, subject)).find((r) => r.version === version);
    return row && (await this.resolver.schemaById(em, row.schemaId, row.context))?.canonical;
  }
}
