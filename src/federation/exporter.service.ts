import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hostOf, hostRefusal } from '../access/webhooks/webhook-address-guard';
import { AuditService } from '../audit/audit.service';
import { isAdmin, isSteward, Principal } from '../auth/domain/principal';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError, forbidden, invalidInput } from '../kernel/domain-error';
import { DestinationClient, readDestinationMetadata } from './destination-client';
import { checkConfig, ExporterDefinition, parseExporterDefinition } from './domain/exporter-definition';
import { exporterCrossesBorder, exporterGate } from './domain/export-policy';
import { CONFIG_URL, DestinationSource } from './domain/exporter-vocabulary';
import { authorizationOf, openCredentials, sealCredentials } from './exporter-credentials';
import { ExporterRecord, exporterStore } from './exporter.store';
import { InstanceInfo } from './instance-info';

export const exporterNotFound = (name: string) =>
  new DomainError('EXPORTER_NOT_FOUND', `Exporter '${name}' does not exist.`, { target: 'exporter', key: name });

const PAUSED_BY_OPERATOR = 'paused';

/**
 * The exporter aggregate: its definition, its governance (destination jurisdiction, border, legal
 * basis, approval) and its lifecycle. Every change writes its audit entry in the same transaction.
 */
@Injectable()
export class ExporterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly instance: InstanceInfo,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private requireAdmin(actor: Principal, what: string) {
    if (!isAdmin(actor)) throw forbidden(`Only admins can ${what} exporters.`);
  }

  requireReader(actor: Principal) {
    if (!isAdmin(actor) && !isSteward(actor)) throw forbidden('Only admins and stewards can read exporters.');
  }

  async names(actor: Principal): Promise<string[]> {
    this.requireReader(actor);
    return (await exporterStore.list(this.dataSource)).map((e) => e.name);
  }

  async list(actor: Principal): Promise<ExporterRecord[]> {
    this.requireReader(actor);
    return exporterStore.list(this.dataSource);
  }

  async get(actor: Principal, name: string): Promise<ExporterRecord> {
    this.requireReader(actor);
    const e = await exporterStore.get(this.dataSource, name);
    if (!e) throw exporterNotFound(name);
    return e;
  }

  async create(actor: Principal, body: unknown): Promise<ExporterRecord> {
    this.requireAdmin(actor, 'create');
    const def = parseExporterDefinition(body);
    if (await exporterStore.get(this.dataSource, def.name)) throw this.exists(def.name);
    const governance = await this.governanceOf(def);
    const record = this.recordOf(def, actor.username, governance);
    await this.dataSource.transaction(async (em) => {
      if (!(await exporterStore.insert(em, record))) throw this.exists(def.name);
      await this.record(em, actor, 'exporter.created', def.name, {
        url: def.url,
        contextType: def.contextType,
        context: def.context,
        subjects: def.subjects,
        subjectRenameFormat: def.subjectRenameFormat,
        destination: { jurisdiction: governance.jurisdiction, region: governance.region, source: governance.source },
        crossBorder: governance.crossBorder,
        legalBasis: def.legalBasis,
        state: record.state,
        pausedReason: record.pausedReason,
      });
    });
    return (await exporterStore.get(this.dataSource, def.name))!;
  }

  /** `PUT /exporters/{name}` (fields given replace the stored ones) and `PUT /exporters/{name}/config` (merged). */
  async update(actor: Principal, name: string, body: unknown, configOnly = false): Promise<ExporterRecord> {
    this.requireAdmin(actor, 'change');
    const current = await exporterStore.get(this.dataSource, name);
    if (!current) throw exporterNotFound(name);
    const given = (configOnly ? { config: body } : body) as Record<string, unknown>;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      throw invalidInput('body', 'json-object', 'The body must be a JSON object.');
    }
    const storedConfig = { ...current.config, ...openCredentials(current.sealedCredentials, this.key) };
    const merged = {
      contextType: given.contextType ?? current.contextType,
      context: given.context ?? current.context,
      subjects: given.subjects ?? current.subjects,
      subjectRenameFormat: given.subjectRenameFormat ?? current.subjectRenameFormat,
      config: { ...storedConfig, ...checkConfig(given.config) },
    };
    const def = parseExporterDefinition(merged, name);
    const governance = await this.governanceOf(def);
    // An approval is for one destination in one jurisdiction: another URL or jurisdiction needs a new one.
    const sameDestination = def.url === current.url && governance.jurisdiction === current.destinationJurisdiction;
    const approval = sameDestination
      ? { approvedBy: current.approvedBy, approvedAt: current.approvedAt, approvedJurisdiction: current.approvedJurisdiction }
      : { approvedBy: null, approvedAt: null, approvedJurisdiction: null };
    const next = this.recordOf(def, current.createdBy, governance, approval, current);
    await this.dataSource.transaction(async (em) => {
      await exporterStore.update(em, next);
      await this.record(em, actor, 'exporter.updated', name, {
        url: def.url,
        contextType: def.contextType,
        context: def.context,
        subjects: def.subjects,
        subjectRenameFormat: def.subjectRenameFormat,
        destination: { jurisdiction: governance.jurisdiction, region: governance.region, source: governance.source },
        crossBorder: governance.crossBorder,
        legalBasis: def.legalBasis,
        approvalKept: sameDestination && current.approvedBy !== null,
        state: next.state,
        pausedReason: next.pausedReason,
      });
    });
    return (await exporterStore.get(this.dataSource, name))!;
  }

  async pause(actor: Principal, name: string): Promise<ExporterRecord> {
    this.requireAdmin(actor, 'pause');
    return this.transition(actor, name, 'exporter.paused', (e) => {
      if (e.state === 'PAUSED') return undefined;
      return { ...e, state: 'PAUSED', pausedReason: `${PAUSED_BY_OPERATOR} by ${actor.username}` };
    });
  }

  async resume(actor: Principal, name: string): Promise<ExporterRecord> {
    this.requireAdmin(actor, 'resume');
    return this.transition(actor, name, 'exporter.resumed', (e) => {
      if (e.state !== 'PAUSED' && e.state !== 'ERROR') {
        throw new DomainError(
          'EXPORTER_NOT_PAUSED',
          `Exporter '${name}' is ${e.state}, not PAUSED; only a paused exporter can be resumed.`,
        );
      }
      const gate = exporterGate({ ...e, destination: { jurisdiction: e.destinationJurisdiction, region: e.destinationRegion } });
      if (!gate.runnable) throw new DomainError('EXPORTER_AWAITING_APPROVAL', `Exporter '${name}' cannot run yet: ${gate.reason}.`);
      return { ...e, state: 'STARTING', pausedReason: null, trace: null };
    });
  }

  async reset(actor: Principal, name: string): Promise<ExporterRecord> {
    this.requireAdmin(actor, 'reset');
    return this.transition(
      actor,
      name,
      'exporter.reset',
      (e) => {
        if (e.state !== 'PAUSED') {
          throw new DomainError('EXPORTER_NOT_PAUSED', `Exporter '${name}' is ${e.state}; pause it before resetting its offset.`);
        }
        return { ...e };
      },
      async (em) => exporterStore.resetOffset(em, name),
    );
  }

  async delete(actor: Principal, name: string): Promise<void> {
    this.requireAdmin(actor, 'delete');
    await this.dataSource.transaction(async (em) => {
      const e = await exporterStore.get(em, name, true);
      if (!e) throw exporterNotFound(name);
      await exporterStore.delete(em, name);
      await this.record(em, actor, 'exporter.deleted', name, { state: e.state, offset: e.offset });
    });
  }

  /** A steward other than the creator lets a cross-border exporter run. */
  async approve(actor: Principal, name: string): Promise<ExporterRecord> {
    if (!isSteward(actor)) throw forbidden('Only stewards can approve a cross-border exporter.');
    return this.transition(actor, name, 'exporter.approved', (e) => {
      if (e.createdBy === actor.username) {
        throw forbidden(`A cross-border exporter needs a steward other than its creator (${e.createdBy}).`);
      }
      if (!e.crossBorder) throw new DomainError('CONFLICT', `Exporter '${name}' crosses no border and needs no approval.`);
      if (!e.legalBasis) {
        throw new DomainError('CONFLICT', `Exporter '${name}' has no legal basis yet; it must be given before a steward approves.`, {
          rule: 'legal-basis-required',
        });
      }
      if (e.approvedBy && e.approvedJurisdiction === e.destinationJurisdiction) return undefined;
      const awaiting = e.state === 'PAUSED' && (e.pausedReason ?? '').startsWith('awaiting-');
      return {
        ...e,
        approvedBy: actor.username,
        approvedAt: new Date(),
        approvedJurisdiction: e.destinationJurisdiction,
        state: awaiting ? 'STARTING' : e.state,
        pausedReason: awaiting ? null : e.pausedReason,
      };
    });
  }

  /** A steward lets one topic's subjects leave through this exporter (RESTRICTED, or CONFIDENTIAL across a border). */
  async approveTopic(actor: Principal, name: string, topic: string): Promise<ExporterRecord> {
    if (!isSteward(actor)) throw forbidden("Only stewards can approve a topic's export.");
    await this.dataSource.transaction(async (em) => {
      const e = await exporterStore.get(em, name, true);
      if (!e) throw exporterNotFound(name);
      const facts = await topicStore.byName(em, topic);
      if (!facts) throw new DomainError('NOT_FOUND', `Topic '${topic}' does not exist.`, { target: 'topic', key: topic });
      if (await exporterStore.approveTopic(em, name, topic, actor.username)) {
        await this.record(em, actor, 'exporter.topic-approved', name, {
          topic,
          classification: facts.classification,
          topicJurisdiction: facts.jurisdiction,
          destinationJurisdiction: e.destinationJurisdiction,
        });
      }
    });
    return (await exporterStore.get(this.dataSource, name))!;
  }

  private get key() {
    return this.config.federation.exporter.credentialsKey;
  }

  private exists(name: string) {
    return new DomainError('EXPORTER_EXISTS', `Exporter '${name}' already exists.`, { target: 'exporter', key: name });
  }

  /**
   * Where the destination is. A Charter says it at /v1/metadata/id; any other registry has it
   * declared in the config; neither means unknown, which counts as crossing a border.
   */
  private async governanceOf(def: ExporterDefinition) {
    const federation = this.config.federation;
    const client = new DestinationClient(def.url, {
      timeoutMs: Math.min(federation.exporter.timeoutMs, 5_000),
      allowedHosts: federation.exporter.allowedHosts,
      authorization: authorizationOf(def.credentials),
      exporterName: def.name,
    });
    const field = `config.${CONFIG_URL}`;
    const host = hostOf(client.base);
    if (!federation.exporter.allowedHosts.includes(host)) {
      let refusal: string | null;
      try {
        refusal = await hostRefusal(host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw invalidInput(field, 'resolvable', `'${field}' names host '${host}', which does not resolve (${code}).`);
      }
      if (refusal) {
        throw invalidInput(
          field,
          'public-address',
          `'${field}' must reach a public address: ${refusal}. Destinations on internal networks need the operator setting CHARTER_EXPORTER_ALLOWED_HOSTS.`,
        );
      }
    }
    if (client.base.protocol === 'http:' && !federation.exporter.allowHttp && !federation.exporter.allowedHosts.includes(host)) {
      throw invalidInput(field, 'https-url', `'${field}' must be an https:// URL (CHARTER_EXPORTER_ALLOW_HTTP is off).`);
    }
    const metadata = await readDestinationMetadata(client);
    const own = await this.instance.facts();
    if (metadata?.instanceId && metadata.instanceId === own.id) {
      throw invalidInput(field, 'not-self', `'${field}' points back at this Charter; an exporter copies schemas to another registry.`);
    }
    if (def.declaredJurisdiction && !this.config.jurisdictions.includes(def.declaredJurisdiction)) {
      throw invalidInput(
        'config.charter.destination.jurisdiction',
        'known-jurisdiction',
        `'config.charter.destination.jurisdiction' must be one of CHARTER_JURISDICTIONS (${this.config.jurisdictions.join(', ')}).`,
      );
    }
    let source: DestinationSource = 'UNKNOWN';
    let jurisdiction: string | null = null;
    if (metadata?.jurisdiction) {
      source = 'DESTINATION';
      jurisdiction = metadata.jurisdiction;
    } else if (def.declaredJurisdiction) {
      source = 'CONFIG';
      jurisdiction = def.declaredJurisdiction;
    }
    const region = metadata?.region ?? null;
    const crossBorder = exporterCrossesBorder(federation.jurisdiction, { jurisdiction, region }, this.config.access.allowedTransfers);
    return { jurisdiction, region, source, crossBorder };
  }

  private recordOf(
    def: ExporterDefinition,
    createdBy: string,
    g: { jurisdiction: string | null; region: string | null; source: DestinationSource; crossBorder: boolean },
    approval: { approvedBy: string | null; approvedAt: Date | null; approvedJurisdiction: string | null } = {
      approvedBy: null,
      approvedAt: null,
      approvedJurisdiction: null,
    },
    current?: ExporterRecord,
  ) {
    const base = {
      name: def.name,
      contextType: def.contextType,
      context: def.context,
      subjects: def.subjects,
      subjectRenameFormat: def.subjectRenameFormat,
      config: def.config,
      sealedCredentials: sealCredentials(def.credentials, this.key),
      url: def.url,
      destinationJurisdiction: g.jurisdiction,
      destinationRegion: g.region,
      destinationSource: g.source,
      crossBorder: g.crossBorder,
      legalBasis: def.legalBasis,
      createdBy,
      ...approval,
    };
    const gate = exporterGate({ ...base, destination: { jurisdiction: g.jurisdiction, region: g.region } });
    const operatorPaused = current?.state === 'PAUSED' && !(current.pausedReason ?? '').startsWith('awaiting-');
    if (!gate.runnable) return { ...base, state: 'PAUSED' as const, pausedReason: gate.reason, trace: current?.trace ?? null };
    if (operatorPaused) return { ...base, state: 'PAUSED' as const, pausedReason: current!.pausedReason, trace: current!.trace };
    return {
      ...base,
      state: current && current.state !== 'PAUSED' ? current.state : ('STARTING' as const),
      pausedReason: null,
      trace: null,
    };
  }

  private async transition(
    actor: Principal,
    name: string,
    action: string,
    change: (e: ExporterRecord) => ExporterRecord | undefined,
    extra?: (em: EntityManager) => Promise<void>,
  ): Promise<ExporterRecord> {
    await this.dataSource.transaction(async (em) => {
      const e = await exporterStore.get(em, name, true);
      if (!e) throw exporterNotFound(name);
      const next = change(e);
      if (!next) return;
      await exporterStore.update(em, next);
      await extra?.(em);
      await this.record(em, actor, action, name, {
        from: e.state,
        to: next.state,
        pausedReason: next.pausedReason,
        ...(action === 'exporter.approved'
          ? { legalBasis: e.legalBasis, destinationJurisdiction: e.destinationJurisdiction, createdBy: e.createdBy }
          : {}),
        ...(action === 'exporter.reset' ? { previousOffset: e.offset } : {}),
      });
    });
    return (await exporterStore.get(this.dataSource, name))!;
  }

  private record(em: EntityManager, actor: Principal, action: string, name: string, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'exporter', targetId: name, details });
  }
}
