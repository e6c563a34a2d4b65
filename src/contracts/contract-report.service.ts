import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ParsedSchema, SchemaType } from '@charter/engine';
import { FieldFigures, fieldFigures } from './domain/field-stats';
import { Finding } from './domain/finding';
import { defaultContract, defaultLimits, PayloadContract, withinLimits } from './domain/payload-contract';
import { schemaFingerprint } from './domain/schema-fingerprint';
import { fieldsOf, SchemaField } from './domain/schema-fields';
import { invalidInput } from '../kernel/domain-error';
import { RegistrySettingsService } from '../registry/registry-settings.service';
import { registryStore } from '../registry/registry.store';
import { parseCandidate, SchemaResolver } from '../registry/schema-resolver';
import { SubjectHistoryService } from '../registry/subject-history.service';
import { subjectsOfTopic, TopicIntent } from '../catalogue/topics/domain/topic-vocabulary';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { ContractCheckEntity, StoredFinding } from './contract-records.entity';
import { TopicContractEntity } from './contract-settings.entity';
import { contractFromRow, contractStore, limitsFromRow } from './contract.store';
import { reviewCandidate } from './contract-review';
import { effectiveMetadataAndRules } from '../data-contracts/domain/contract-merge';
import { encryptedTags, fieldTags, isEncrypted } from '../data-contracts/domain/field-tags';
import { contractDefaults } from '../registry/contract-defaults';

export interface SchemaCheckInput {
  topic?: string;
  subject?: string;
  schemaType: SchemaType;
  schema: string;
  references: Array<{ name: string; subject: string; version: number }>;
}

export interface SchemaCheckResult extends FieldFigures {
  subject: string;
  /** The catalogued topic whose contract applied; null when none did. */
  topic: string | null;
  nextVersion: number;
  fingerprint: string;
  /** With whether the rules the version would carry encrypt each field. */
  fields: Array<SchemaField & { encrypted: boolean }>;
  findings: Finding[];
  contract: PayloadContract | null;
}

export interface GrowthPoint extends FieldFigures {
  version: number;
  registeredAt: Date;
  /** null for versions registered before the guard recorded findings. */
  findings: StoredFinding[] | null;
}

export interface BudgetEntry {
  topicId: string;
  subject: string;
  version: number;
  leafFields: number;
  maxLeafFields: number;
}

/** Read side of the replica guard: dry runs, findings per version, growth and budgets. */
@Injectable()
export class ContractReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resolver: SchemaResolver,
    private readonly settings: RegistrySettingsService,
    private readonly history: SubjectHistoryService,
  ) {}

  /** What registering this schema would meet, without registering it. */
  async checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
    if ((input.topic === undefined) === (input.subject === undefined)) {
      throw invalidInput('topic', 'topic-or-subject', 'Name either the topic or the subject the schema is for.');
    }
    const subject = input.subject ?? subjectsOfTopic(input.topic!).value;
    const em = this.dataSource.manager;
    const config = await this.settings.effectiveConfig(em, subject);
    const { resolved } = await this.resolver.resolveRequestReferences(em, input.references, subject);
    const candidate = parseCandidate(input, resolved, { validate: true, normalize: config.normalize === true });
    const rows = await registryStore.versionsOf(em, subject);
    const live = rows.filter((r) => !r.deleted);
    const history: Array<{ schema: ParsedSchema }> = [];
    for (const row of live) history.push({ schema: await this.resolver.parsedById(em, row.schemaId, row.context) });
    // A schema checked without rules would be registered with the latest version's, merged with the config's.
    const latest = live[live.length - 1];
    const previous = latest ? await this.resolver.schemaById(em, latest.schemaId, latest.context) : undefined;
    const dataContract = effectiveMetadataAndRules(contractDefaults(config), {}, previous);
    const review = await reviewCandidate(em, subject, candidate, history, dataContract);
    const fields = review?.fields ?? fieldsOf(candidate);
    const tags = fieldTags(fields, dataContract.metadata);
    const encrypted = encryptedTags(dataContract.ruleSet);
    return {
      subject,
      topic: review?.contract.topic.name ?? null,
      nextVersion: (rows[rows.length - 1]?.version ?? 0) + 1,
      fingerprint: schemaFingerprint(candidate),
      fields: fields.map((f) => ({ ...f, encrypted: isEncrypted(tags.get(f.path) ?? new Set(), encrypted) })),
      findings: review?.findings ?? [],
      contract: review?.contract.enforced ?? null,
      ...fieldFigures(fields),
    };
  }

  /** Stored findings of many versions (`subject@version` keys); null where none were recorded. */
  async findingsFor(keys: readonly string[]): Promise<Array<StoredFinding[] | null>> {
    const checks = await this.checksOf(keys.map((k) => k.slice(0, k.lastIndexOf('@'))));
    return keys.map((k) => checks.get(k)?.findings ?? null);
  }

  /** Per subject, every live version with its field figures, oldest first. */
  async growth(subjects: readonly string[]): Promise<GrowthPoint[][]> {
    const versions = await this.history.liveVersions(subjects);
    const checks = await this.checksOf(subjects);
    const unchecked = versions.flat().filter((v) => !checks.has(`${v.subject}@${v.version}`));
    const parsed = await this.history.parsed(unchecked.map((v) => v.schemaId));
    const computed = new Map(unchecked.map((v, i) => [`${v.subject}@${v.version}`, parsed[i]]));
    return versions.map((rows) =>
      rows.map((row) => {
        const key = `${row.subject}@${row.version}`;
        const check = checks.get(key);
        if (check)
          return {
            version: row.version,
            registeredAt: row.createdAt,
            leafFields: check.leafFields,
            taggedLeafFields: check.taggedLeafFields,
            maxDepth: check.maxDepth,
            findings: check.findings,
          };
        const schema = computed.get(key);
        const figures =
          schema instanceof Error || !schema ? { leafFields: 0, taggedLeafFields: 0, maxDepth: 0 } : fieldFigures(fieldsOf(schema));
        return { version: row.version, registeredAt: row.createdAt, ...figures, findings: null };
      }),
    );
  }

  /** The enforced contract of each topic, in three statements whatever the number of topics. */
  async contractsOf(
    topics: readonly Pick<TopicEntity, 'id' | 'intent'>[],
  ): Promise<Array<{ enforced: PayloadContract; written: PayloadContract; row?: TopicContractEntity }>> {
    const em = this.dataSource.manager;
    const ids = topics.map((t) => t.id);
    const rows = ids.length === 0 ? [] : await contractStore.contractRowsOf(em, ids);
    const limits = new Map((await contractStore.allLimitRows(em)).map((l) => [l.intent, limitsFromRow(l)]));
    return topics.map((topic) => {
      const row = rows.find((r) => r.topicId === topic.id);
      const written = row ? contractFromRow(row) : defaultContract(topic.intent as TopicIntent);
      return { written, enforced: withinLimits(written, limits.get(topic.intent as TopicIntent) ?? defaultLimits()), row };
    });
  }

  /** Catalogued topics whose latest value version uses most of its field budget, fullest first. */
  async closestToBudget(first: number): Promise<BudgetEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > 200)
      throw invalidInput('first', 'page-size', "'first' must be between 1 and 200.");
    const latest = await contractStore.latestValueChecks(this.dataSource.manager);
    const contracts = await this.contractsOf(latest.map((l) => ({ id: l.topic_id, intent: l.intent as TopicIntent })));
    return latest
      .map((l, i) => ({
        topicId: l.topic_id,
        subject: l.subject,
        version: l.schema_version,
        leafFields: l.leaf_fields,
        maxLeafFields: contracts[i].enforced.maxLeafFields,
      }))
      .sort((a, b) => b.leafFields / b.maxLeafFields - a.leafFields / a.maxLeafFields || a.subject.localeCompare(b.subject))
      .slice(0, first);
  }

  private async checksOf(subjects: readonly string[]): Promise<Map<string, ContractCheckEntity>> {
    const unique = [...new Set(subjects)];
    const rows = unique.length === 0 ? [] : await contractStore.checksOf(this.dataSource.manager, unique);
    return new Map(rows.map((r) => [`${r.subject}@${r.schemaVersion}`, r]));
  }
}
