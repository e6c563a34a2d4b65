import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { CompatibilityLevel } from '@charter/engine';
import { DomainError } from '../kernel/domain-error';
import { registryErrors } from './registry-errors';
import { checkSubjectName, parseLevel, parseMode, parseRuleSet } from './registry-input';
import { contextOf, contextPrefix, DEFAULT_CONTEXT, isContextOnly } from './qualified-subject';
import { registryStore } from './registry.store';
import { registrySettingsStore } from './registry-settings.store';
import { DEFAULT_LEVEL, DEFAULT_MODE, GLOBAL_SUBJECT, Mode, RegistryConfig } from './registry.types';

/** Config fields kept verbatim besides the level and `normalize` (Confluent echoes them back). */
const OPTION_FIELDS = [
  'validateFields',
  'validateRules',
  'compatibilityGroup',
  'compatibilityPolicy',
  'defaultMetadata',
  'overrideMetadata',
  'defaultRuleSet',
  'overrideRuleSet',
  'alias',
];

/**
 * Compatibility config and mode, per subject or global. Never cached: another replica may change
 * them at any moment, and a stale level would let an incompatible schema in.
 */
@Injectable()
export class RegistrySettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Subject → its context (`:.eu:`, outside the default context) → global → default (BACKWARD);
   * `normalize` follows the same chain.
   */
  async effectiveConfig(em: EntityManager, subject?: string): Promise<EffectiveConfig> {
    return (await this.effectiveSettings(em, subject)).config;
  }

  /** Subject → its context → global → READWRITE. */
  async effectiveMode(em: EntityManager, subject?: string): Promise<Mode> {
    return (await this.effectiveSettings(em, subject)).mode;
  }

  /** The mode and the config that apply to `subject` (the global ones without it), read in one statement. */
  async effectiveSettings(em: EntityManager, subject?: string): Promise<{ mode: Mode; config: EffectiveConfig }> {
    const chain = settingsChain(subject);
    const { modes, configs } = await registrySettingsStore.chain(em, chain);
    const mode = chain.map((key) => modes.get(key)).find((m) => m !== undefined) ?? DEFAULT_MODE;
    const [own, context, global] = chain.map((key) => configs.get(key));
    const config = {
      compatibilityLevel: own?.compatibilityLevel ?? context?.compatibilityLevel ?? global?.compatibilityLevel ?? DEFAULT_LEVEL,
      normalize: own?.normalize ?? context?.normalize ?? global?.normalize,
      options: { ...(global?.options ?? {}), ...(context?.options ?? {}), ...(own?.options ?? {}) },
    };
    return { mode, config };
  }

  async getConfig(subject: string | undefined, defaultToGlobal: boolean): Promise<RegistryConfig> {
    const em = this.dataSource.manager;
    if (!subject) return this.effectiveConfig(em);
    const own = await registrySettingsStore.config(em, subject);
    if (own && !defaultToGlobal) return own;
    if (defaultToGlobal) return this.effectiveConfig(em, subject);
    throw registryErrors.configNotFound(subject);
  }

  /** Merge semantics: fields the body omits keep their stored values. */
  async putConfig(actor: Principal, subject: string | undefined, body: Record<string, unknown>): Promise<RegistryConfig> {
    // Settings may be stored before the subject exists, so its name is checked as on register.
    if (subject !== undefined) checkSubjectName(subject, { contextAllowed: true });
    const key = subject ?? GLOBAL_SUBJECT;
    const level = body.compatibility ?? body.compatibilityLevel;
    const parsedLevel = level === undefined || level === null ? undefined : parseLevel(level);
    if (body.normalize !== undefined && body.normalize !== null && typeof body.normalize !== 'boolean') {
      throw registryErrors.malformed("'normalize' must be true or false.");
    }
    checkContractDefaults(body);
    return this.dataSource.transaction(async (em) => {
      await this.refuseWhenReadOnly(em, subject);
      const old = (await registrySettingsStore.config(em, key)) ?? { options: {} };
      const options = { ...old.options };
      for (const field of OPTION_FIELDS) if (body[field] !== undefined) options[field] = body[field];
      const next: RegistryConfig = {
        compatibilityLevel: parsedLevel ?? old.compatibilityLevel ?? (subject ? undefined : DEFAULT_LEVEL),
        normalize: typeof body.normalize === 'boolean' ? body.normalize : old.normalize,
        options,
      };
      await registrySettingsStore.putConfig(em, key, next);
      await this.record(em, actor, 'registry.config-updated', key, { before: old, after: next });
      return next;
    });
  }

  async deleteConfig(actor: Principal, subject: string | undefined): Promise<RegistryConfig> {
    const key = subject ?? GLOBAL_SUBJECT;
    return this.dataSource.transaction(async (em) => {
      await this.refuseWhenReadOnly(em, subject);
      const old = await registrySettingsStore.config(em, key);
      if (!old && subject) throw registryErrors.subjectNotFound(subject);
      await registrySettingsStore.deleteConfig(em, key);
      await this.record(em, actor, 'registry.config-deleted', key, { before: old ?? null });
      return old ?? { compatibilityLevel: DEFAULT_LEVEL, options: {} };
    });
  }

  async getMode(subject: string | undefined, defaultToGlobal: boolean): Promise<Mode> {
    const em = this.dataSource.manager;
    if (!subject) return this.effectiveMode(em);
    const own = await registrySettingsStore.mode(em, subject);
    if (own) return own;
    if (defaultToGlobal) return this.effectiveMode(em, subject);
    throw registryErrors.modeNotFound(subject);
  }

  async putMode(actor: Principal, subject: string | undefined, value: unknown, force: boolean): Promise<Mode> {
    if (subject !== undefined) checkSubjectName(subject, { contextAllowed: true });
    const mode = parseMode(value);
    if (mode === 'FORWARD' && subject) throw registryErrors.invalidMode(`${value} (FORWARD is global only)`);
    return this.dataSource.transaction(async (em) => {
      if (subject) await registryStore.lockSubject(em, subject);
      // Importing keeps foreign ids: doing so beside live subjects could collide with them.
      if (mode === 'IMPORT' && !force && (await this.anyLiveVersion(em, subject))) {
        throw registryErrors.notPermitted(
          `Cannot import since found existing subjects${subject ? ` (subject '${subject}')` : ''}; set force=true to switch to IMPORT anyway.`,
        );
      }
      const key = subject ?? GLOBAL_SUBJECT;
      const before = await registrySettingsStore.mode(em, key);
      await registrySettingsStore.putMode(em, key, mode);
      await this.record(em, actor, 'registry.mode-updated', key, { before: before ?? null, after: mode });
      return mode;
    });
  }

  async deleteMode(actor: Principal, subject: string | undefined): Promise<Mode> {
    const key = subject ?? GLOBAL_SUBJECT;
    return this.dataSource.transaction(async (em) => {
      const old = await registrySettingsStore.mode(em, key);
      if (!old && subject) throw registryErrors.subjectNotFound(subject);
      await registrySettingsStore.deleteMode(em, key);
      await this.record(em, actor, 'registry.mode-deleted', key, { before: old ?? null });
      return old ?? DEFAULT_MODE;
    });
  }

  /** Live versions in the scope a mode is set for: the whole registry, a context, or one subject. */
  private anyLiveVersion(em: EntityManager, subject: string | undefined): Promise<boolean> {
    if (subject !== undefined && isContextOnly(subject)) return registryStore.anyLiveVersionInContext(em, contextOf(subject));
    return registryStore.anyLiveVersion(em, subject);
  }

  /** READONLY freezes a subject's writes, config included (docs/reference/confluent-registry.md, part 0.1, 42205). */
  async refuseWhenReadOnly(em: EntityManager, subject: string | undefined): Promise<void> {
    const mode = await this.effectiveMode(em, subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
      throw registryErrors.notPermitted(`Subject ${subject ? `'${subject}' ` : ''}is in read-only mode.`);
    }
  }

  private record(em: EntityManager, actor: Principal, action: string, subject: string, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'subject', targetId: subject, details });
  }
}

export type EffectiveConfig = RegistryConfig & { compatibilityLevel: CompatibilityLevel };

/**
 * The keys whose settings apply to `subject`, nearest first, always three long: the subject (when
 * given), its context's key (outside the default context, and unless the subject is that key), and
 * the global key. Absent links are the empty string, which no subject can be.
 */
function settingsChain(subject: string | undefined): [string, string, string] {
  if (subject === undefined) return ['', '', GLOBAL_SUBJECT];
  const context = contextOf(subject);
  const scope = context === DEFAULT_CONTEXT ? '' : contextPrefix(context);
  return [subject, scope === subject ? '' : scope, GLOBAL_SUBJECT];
}

/** Defaults and overrides are merged into every new version, so they are checked like a registered rule set. */
function checkContractDefaults(body: Record<string, unknown>): void {
  for (const field of ['defaultRuleSet', 'overrideRuleSet']) parseRuleSet(body[field], field);
  for (const field of ['defaultMetadata', 'overrideMetadata']) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      throw new DomainError('INVALID_INPUT', `'${field}' must be an object (tags, properties, sensitive).`, { field, rule: 'object' });
    }
  }
  const group = body.compatibilityGroup;
  if (group !== undefined && group !== null && (typeof group !== 'string' || group === '')) {
    throw new DomainError('INVALID_INPUT', "'compatibilityGroup' must name a metadata property.", {
      field: 'compatibilityGroup',
      rule: 'string',
    });
  }
}
